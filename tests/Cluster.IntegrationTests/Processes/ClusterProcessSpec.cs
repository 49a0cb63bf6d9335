using System.Diagnostics;
using Akka.Payments.IntegrationTests.Infrastructure;
using Akka.Payments.IntegrationTests.InProcess;
using Akka.Payments.Node.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Processes;

/// <summary>
/// Real processes: a Lighthouse, two nodes (three did not fit two shared cores in the time budget), the embedded Kafka and PostgreSQL, under 20,000 payments. Members are
/// lost on purpose (rolling restart) and by accident (kill -9) in the middle of the load; afterwards every payment
/// has exactly one distinct outcome, balances equal the reference model, and the group's lag is back to 0.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterProcessSpec(ITestOutputHelper output)
{
    private const int Accounts = 200;
    private const int Payments = 20_000;
    private const int Malformed = 24;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly List<ScenarioRecord> _scenario = PaymentScenario.Generate(Accounts, Payments, Malformed);

    private static bool AllAccountedFor(TopicReader reader, ReferenceModel model) =>
        reader.DistinctRequests >= model.Decided.Count && reader.DeadLetters.Select(d => d.Key).Distinct().Count() >= Malformed;

    private async Task AssertEverythingAccountedFor(ProcessCluster cluster, TopicReader reader, ReferenceModel model, Task load)
    {
        await load;
        Assert.True(reader.ReadUntil(r => AllAccountedFor(r, model), Patience),
            $"only {reader.DistinctRequests}/{model.Decided.Count} outcomes and {reader.DeadLetters.Count}/{Malformed} dead letters arrived");
        OutcomeChecks.AssertOutcomesMatch(_scenario, reader, model);
        OutcomeChecks.AssertDeadLetters(_scenario, reader);
        await cluster.AwaitNoLag(TimeSpan.FromSeconds(60));
        output.WriteLine($"{reader.Outcomes.Count - reader.DistinctRequests} outcomes were re-emitted for redelivered records");
    }

    [SkippableFact]
    public async Task A_node_killed_mid_load_is_downed_and_its_partitions_and_shards_move_without_losing_or_repeating_a_payment()
    {
        var journal = PostgreSqlServer.Require().CreateDatabase("kill");
        await using var cluster = new ProcessCluster(journal, output);
        await cluster.Start(nodes: 2);
        var model = OutcomeChecks.Model(_scenario);
        using var reader = new TopicReader(cluster.BootstrapServers, ProcessCluster.Partitions);
        var load = cluster.ProduceAtRate(_scenario, perSecond: 1_000, CancellationToken.None);

        Assert.True(reader.ReadUntil(r => r.DistinctRequests >= model.Decided.Count / 3, Patience), "no progress before the crash");
        var victim = cluster.Nodes["node-2"];
        var victimAddress = await ProcessCluster.AddressOf(victim);
        var clock = Stopwatch.StartNew();
        var atCrash = reader.DistinctRequests;
        await victim.Kill();
        output.WriteLine($"kill -9 node-2 ({victimAddress}) after {atCrash} outcomes");

        await cluster.AwaitRemoved(victimAddress, Patience);
        var downed = clock.Elapsed;
        Assert.True(reader.ReadUntil(r => r.DistinctRequests >= atCrash + 1_000, Patience), "no progress after the crash");
        var resumed = clock.Elapsed;
        await AssertEverythingAccountedFor(cluster, reader, model, load);
        output.WriteLine($"RECOVERY: node-2 downed by SBR and removed {downed.TotalSeconds:F1} s after kill -9; " +
                         $"1,000 more outcomes {resumed.TotalSeconds:F1} s after; everything accounted for after {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var (name, node) in cluster.Nodes.Where(n => n.Key != "node-2"))
            Assert.Equal(0, await node.Terminate(TimeSpan.FromSeconds(60)));
    }

    [SkippableFact]
    public async Task A_rolling_restart_of_every_node_mid_load_loses_and_repeats_no_payment()
    {
        var journal = PostgreSqlServer.Require().CreateDatabase("rolling");
        await using var cluster = new ProcessCluster(journal, output);
        await cluster.Start(nodes: 2);
        var model = OutcomeChecks.Model(_scenario);
        using var reader = new TopicReader(cluster.BootstrapServers, ProcessCluster.Partitions);
        var load = cluster.ProduceAtRate(_scenario, perSecond: 600, CancellationToken.None);

        Assert.True(reader.ReadUntil(r => r.DistinctRequests >= model.Decided.Count / 5, Patience), "no progress before the restart");
        var clock = Stopwatch.StartNew();
        foreach (var name in cluster.Nodes.Keys.Order().ToList())
        {
            var before = reader.DistinctRequests;
            var stopping = cluster.Nodes[name];
            Assert.Equal(0, await stopping.Terminate(TimeSpan.FromSeconds(90)));
            AssertGracefulOrder(stopping);
            await cluster.StartNode(name); // returns once it is ready again: Up, journal answering, stream running
            // The cluster goes on deciding across the restart (unless the whole scenario was already decided).
            Assert.True(reader.ReadUntil(r => r.DistinctRequests > before || AllAccountedFor(r, model), Patience),
                $"no outcome after {name} restarted: still {reader.DistinctRequests} decided");
            output.WriteLine($"{name} restarted and rejoined at {clock.Elapsed.TotalSeconds:F1} s ({reader.DistinctRequests} outcomes)");
        }
        output.WriteLine($"rolling restart of {cluster.Nodes.Count} nodes took {clock.Elapsed.TotalSeconds:F1} s");
        await AssertEverythingAccountedFor(cluster, reader, model, load);
        foreach (var node in cluster.Nodes.Values)
            Assert.Equal(0, await node.Terminate(TimeSpan.FromSeconds(60)));
    }

    /// <summary>
    /// A node that is stopped drains and commits its stream, and only then leaves the cluster, all the way: its output
    /// (read to the end once it exited) says both, in that order. Akka logs the member "as [Leaving]", then
    /// "Exiting completed".
    /// </summary>
    private static void AssertGracefulOrder(NodeProcess node)
    {
        var lines = node.Lines.ToList();
        int Index(string text) => lines.FindIndex(l => l.Contains(text, StringComparison.Ordinal));
        var drained = Index("Payment stream stopped");
        var exited = Index("Exiting completed");
        Assert.True(drained >= 0, "the stream did not report that it stopped");
        Assert.True(exited >= 0, "the node did not leave the cluster (no 'Exiting completed')");
        var leaving = lines.FindIndex(l => l.Contains("as [Leaving]", StringComparison.Ordinal) || l.Contains("Exiting completed", StringComparison.Ordinal));
        Assert.True(leaving > drained, $"the node began to leave the cluster (line {leaving}: {lines[leaving]}) before its stream drained (line {drained})");
    }
}
