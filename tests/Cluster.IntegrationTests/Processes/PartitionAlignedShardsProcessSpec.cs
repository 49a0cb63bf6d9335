using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;
using Akka.Payments.IntegrationTests.Faults;
using Akka.Payments.IntegrationTests.Infrastructure;
using Akka.Payments.IntegrationTests.InProcess;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Testing;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Processes;

/// <summary>
/// Partition-aligned shards with real processes: two nodes share the consumer group, and once the shards have
/// followed the Kafka assignment, every record is decided on the node that consumed it. What is checked comes from
/// outside the allocation code: Kafka's assignment and sharding's placement (each node's management endpoint), and
/// where each request came from as the entities saw its sender (local or remote actor ref), with the outcomes checked
/// against the reference model.
/// </summary>
[Collection(NodeFaultCollection.Name)]
public sealed partial class PartitionAlignedShardsProcessSpec(ITestOutputHelper output)
{
    private const int Accounts = 200;
    private const int Payments = 7_000; // enough for the hot account to pass the velocity limit (the model check wants every decline reason)
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [SkippableFact]
    public async Task Once_shards_follow_their_partitions_every_record_is_decided_on_the_node_that_consumed_it()
    {
        var journal = PostgreSqlServer.Require().CreateDatabase("aligned");
        await using var cluster = new ProcessCluster(journal, output, new Dictionary<string, string>
        {
            ["Payments__ShardAllocation"] = "partitions",
        });
        await cluster.Start(nodes: 2);
        var scenario = PaymentScenario.Generate(Accounts, Payments, malformed: 0);
        var model = OutcomeChecks.Model(scenario);
        using var reader = new TopicReader(cluster.BootstrapServers, ProcessCluster.Partitions);
        var addresses = new Dictionary<string, string>();
        foreach (var (name, node) in cluster.Nodes) addresses[name] = await ProcessCluster.AddressOf(node);

        // The first half warms up: every account's entity starts somewhere, and Kafka settles its assignment.
        var half = scenario.Count / 2;
        await cluster.ProduceAtRate(scenario.Take(half).ToList(), perSecond: 1_000, CancellationToken.None);
        await cluster.AwaitNoLag(Patience);

        // Every partition is owned by one node, and every shard lives on the owner of its partition.
        var placement = await Eventually.Until(() => Placement(cluster, addresses),
            p => p.Unowned.Count == 0 && p.Misplaced.Count == 0 && p.Hosted == ProcessCluster.Partitions,
            Patience, "all 12 shards to live on the node that consumes their partition");
        output.WriteLine($"placement: {placement}");
        Assert.True(placement.Owners.Values.Distinct().Count() == 2, $"both nodes should own partitions: {placement}");

        var before = await Origins(cluster);
        await cluster.ProduceAtRate(scenario.Skip(half).ToList(), perSecond: 1_000, CancellationToken.None);
        await cluster.AwaitNoLag(Patience);
        var after = await Origins(cluster);
        output.WriteLine($"decisions asked here / by another node, before the second half: {Describe(before)}; after: {Describe(after)}");

        Assert.True(reader.ReadUntil(r => r.DistinctRequests >= model.Decided.Count, Patience),
            $"only {reader.DistinctRequests}/{model.Decided.Count} outcomes arrived");
        OutcomeChecks.AssertOutcomesMatch(scenario, reader, model);
        var remote = after.Sum(a => a.Value.Remote) - before.Sum(b => b.Value.Remote);
        var local = after.Sum(a => a.Value.Local) - before.Sum(b => b.Value.Local);
        Assert.True(remote == 0, $"{remote} requests of the second half crossed nodes to be decided ({Describe(before)} -> {Describe(after)})");
        Assert.True(local >= scenario.Count - half, $"only {local} of the second half's {scenario.Count - half} requests were decided where they were consumed");
        Assert.All(after, a => Assert.True(a.Value.Local - before[a.Key].Local > 0, $"{a.Key} decided nothing of the second half"));
    }

    private sealed record ShardPlacement(Dictionary<int, string> Owners, List<int> Unowned, List<string> Misplaced, int Hosted)
    {
        public override string ToString() =>
            $"owners {string.Join(", ", Owners.OrderBy(o => o.Key).Select(o => $"{o.Key}:{o.Value}"))}; unowned [{string.Join(", ", Unowned)}]; " +
            $"misplaced [{string.Join(", ", Misplaced)}]; {Hosted} shards hosted";
    }

    /// <summary>Kafka's assignment (each node's <c>payments_partitions_assigned</c>) against sharding's placement
    /// (<c>/sharding/shard-stats</c>).</summary>
    private static async Task<ShardPlacement> Placement(ProcessCluster cluster, Dictionary<string, string> addresses)
    {
        var owners = new Dictionary<int, string>();
        foreach (var (name, node) in cluster.Nodes)
            foreach (var partition in await Assigned(node))
                owners[partition] = addresses[name];
        var unowned = Enumerable.Range(0, ProcessCluster.Partitions).Where(p => !owners.ContainsKey(p)).ToList();
        var shards = (await ProcessCluster.Get(cluster.Nodes["node-1"], $"{ManagementPaths.ShardingShardStats}?region={AkkaWiring.AccountTypeName}",
            ManagementJsonContext.Default.ShardStatsResponse)).Shards;
        var misplaced = shards
            .Where(s => !owners.TryGetValue(int.Parse(s.Shard, CultureInfo.InvariantCulture), out var owner) || owner != s.Address)
            .Select(s => $"{s.Shard} on {s.Address}")
            .ToList();
        return new ShardPlacement(owners, unowned, misplaced, shards.Count);
    }

    private static async Task<IReadOnlyList<int>> Assigned(NodeProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.AnnouncedManagementUrl(), Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await http.GetStringAsync(ManagementPaths.Metrics);
        return AssignedLine().Matches(metrics)
            .Where(m => m.Groups["topic"].Value == Topics.Requested)
            .Select(m => int.Parse(m.Groups["partition"].Value, CultureInfo.InvariantCulture))
            .ToList();
    }

    [GeneratedRegex("""^payments_partitions_assigned\{topic="(?<topic>[^"]+)",partition="(?<partition>\d+)"\} 1$""", RegexOptions.Multiline)]
    private static partial Regex AssignedLine();

    private static async Task<Dictionary<string, (double Local, double Remote)>> Origins(ProcessCluster cluster)
    {
        var origins = new Dictionary<string, (double, double)>();
        foreach (var (name, node) in cluster.Nodes)
            origins[name] = (await NodeProbe.Metric(node, "payments_decisions_local_total"), await NodeProbe.Metric(node, "payments_decisions_remote_total"));
        return origins;
    }

    private static string Describe(Dictionary<string, (double Local, double Remote)> origins) =>
        string.Join(", ", origins.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value.Local:0}/{o.Value.Remote:0}"));
}
