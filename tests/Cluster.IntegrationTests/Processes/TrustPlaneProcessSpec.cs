using Akka.Payments.IntegrationTests.Faults;
using System.Diagnostics;
using Akka.Payments.IntegrationTests.Infrastructure;
using Akka.Payments.IntegrationTests.InProcess;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Testing;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Processes;

/// <summary>
/// The trust plane under a crash, with real processes: the node hosting the trust singleton is killed (kill -9) while
/// payments stream in, the singleton comes back on the survivor from its PostgreSQL journal, and its running totals
/// end up equal to the test's own count of <c>payments.processed</c> and <c>payments.dlq</c> (distinct outcomes,
/// distinct dead letters) to the last cent, having read every record exactly once: the re-emitted outcomes as
/// duplicates; a record read again below the journaled offsets would be ignored as already covered.
/// </summary>
[Collection(NodeFaultCollection.Name)]
public sealed class TrustPlaneProcessSpec(ITestOutputHelper output)
{
    private const int Accounts = 200;
    private const int Payments = 20_000;
    private const int Malformed = 24;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;
    private readonly List<ScenarioRecord> _scenario = PaymentScenario.Generate(Accounts, Payments, Malformed);

    [SkippableFact]
    public async Task The_trust_singletons_totals_equal_an_independent_count_after_its_node_is_killed_mid_stream()
    {
        var journal = PostgreSqlServer.Require().CreateDatabase("trust");
        await using var cluster = new ProcessCluster(journal, output);
        await cluster.Start(nodes: 2);
        var model = OutcomeChecks.Model(_scenario);
        var expected = BusinessFigures.FromScenario(_scenario, model);
        using var reader = new TopicReader(cluster.BootstrapServers, ProcessCluster.Partitions);
        var loadClock = Stopwatch.StartNew();
        var load = cluster.ProduceAtRate(_scenario, perSecond: 1_000, CancellationToken.None);

        // Where the singleton runs: the node whose cluster address is the Host it answers with.
        var addresses = new Dictionary<string, string>();
        foreach (var (name, node) in cluster.Nodes) addresses[name] = await ProcessCluster.AddressOf(node);
        var current = await Eventually.Until<TrustCurrentResponse>(() => ProcessCluster.Get(cluster.Nodes["node-1"], ManagementPaths.TrustCurrent, Json.TrustCurrentResponse),
            _ => true, Patience, "the trust singleton to answer /trust/current");
        var victimName = addresses.SingleOrDefault(a => a.Value == current.Host).Key
                         ?? throw new InvalidOperationException($"the trust singleton's host {current.Host} is none of the nodes: {string.Join(", ", addresses.Values)}");
        var (victim, victimAddress) = (cluster.Nodes[victimName], addresses[victimName]);
        var survivorName = cluster.Nodes.Keys.Single(n => n != victimName);
        var (survivor, survivorAddress) = (cluster.Nodes[survivorName], addresses[survivorName]);

        // Kill its node once it has counted a good part of the outcomes, while the nodes still decide the rest (on a
        // busy machine the producer may be done by then: the stream the trust plane reads is the outcomes, still flowing).
        var beforeCrash = await Eventually.Until<TrustTotalsResponse>(() => ProcessCluster.Get(victim, ManagementPaths.TrustTotals, Json.TrustTotalsResponse),
            t => t.Figures is { } f && f.Outcomes >= expected.Outcomes / 4, Patience, "the trust plane to count a quarter of the outcomes");
        var clock = Stopwatch.StartNew();
        await victim.Kill();
        output.WriteLine($"kill -9 {victimName} ({victimAddress}), host of the trust singleton, after it counted {beforeCrash.Figures!.Outcomes} " +
                         $"of {expected.Outcomes} outcomes, {(load.IsCompleted ? "all" : "not all")} payments produced, " +
                         $"{loadClock.Elapsed.TotalSeconds:F1} s into the load");

        await cluster.AwaitRemoved(victimAddress, Patience);
        var removed = clock.Elapsed;
        await Eventually.Until<TrustCurrentResponse>(() => ProcessCluster.Get(survivor, ManagementPaths.TrustCurrent, Json.TrustCurrentResponse),
            c => c.Host == survivorAddress, Patience, $"the trust singleton to answer from {survivorName} ({survivorAddress})");
        var back = clock.Elapsed;

        // The payments themselves: every one decided once, as the reference model decides it; nothing left to read.
        await load;
        Assert.True(reader.ReadUntil(r => r.DistinctRequests >= model.Decided.Count && r.DeadLetters.Select(d => d.Key).Distinct().Count() >= Malformed, Patience),
            $"only {reader.DistinctRequests}/{model.Decided.Count} outcomes and {reader.DeadLetters.Count}/{Malformed} dead letters arrived");
        OutcomeChecks.AssertOutcomesMatch(_scenario, reader, model);
        OutcomeChecks.AssertDeadLetters(_scenario, reader);
        await cluster.AwaitNoLag(TimeSpan.FromSeconds(60));

        // The independent count: every record of both topics, read to the end by the test's own reader.
        using var topics = new RawTopicReader(cluster.BootstrapServers, ProcessCluster.Partitions);
        Assert.True(topics.ReadToEnd(TimeSpan.FromSeconds(60)), "could not read payments.processed and payments.dlq to the end");
        var counted = BusinessFigures.FromTopics(topics.Outcomes, topics.DeadLetters);
        var fromModel = expected.Diff(counted);
        Assert.True(fromModel.Length == 0, $"the topics do not hold what the scenario comes to:{Environment.NewLine}{fromModel}");
        var duplicateOutcomes = topics.Outcomes.Count - counted.Outcomes;
        var duplicateDeadLetters = topics.DeadLetters.Count - counted.DeadLetters;
        var ends = topics.Outcomes.Concat(topics.DeadLetters)
            .GroupBy(r => (r.Topic, r.Partition))
            .ToDictionary(g => g.Key, g => g.Max(r => r.Offset) + 1);

        // The trust plane, now on the survivor, gets to exactly that count once it has read as far as the test did.
        TrustTotalsResponse? totals = null;
        var waited = "";
        try
        {
            await Eventually.Until(async () => totals = await ProcessCluster.Get(survivor, ManagementPaths.TrustTotals, Json.TrustTotalsResponse),
                t => Uncovered(t, ends).Count == 0 && counted.Diff(BusinessFigures.Of(t.Figures)).Length == 0,
                Patience, "the trust plane's totals to equal the independent count");
        }
        catch (TimeoutException e)
        {
            waited = e.Message; // the assertions below say what differs
        }
        Assert.True(totals is not null, waited);
        var settled = clock.Elapsed;
        var uncovered = Uncovered(totals, ends);
        Assert.True(uncovered.Count == 0, $"the trust plane has not read as far as the test:{Environment.NewLine}{string.Join(Environment.NewLine, uncovered)}");
        var diff = counted.Diff(BusinessFigures.Of(totals.Figures));
        Assert.True(diff.Length == 0, $"the trust plane's totals differ from the count of the topics:{Environment.NewLine}{diff}");
        Assert.Equal(survivorAddress, totals.Host);
        // Read exactly once: each record beyond the first of its ce_id (or dlq_source) is a duplicate, none lost or counted twice.
        Assert.Equal(duplicateOutcomes, totals.Figures!.Quality.DuplicateOutcomes);
        Assert.Equal(duplicateDeadLetters, totals.Figures.Quality.DuplicateDeadLetters);
        Assert.Equal(0, totals.Expired);
        Assert.Equal(0, totals.Unreadable);

        output.WriteLine($"TRUST FAILOVER: {victimName} removed {removed.TotalSeconds:F1} s after kill -9; the singleton answered from " +
                         $"{survivorName} {back.TotalSeconds:F1} s after; totals equal to the independent count {settled.TotalSeconds:F1} s after");
        output.WriteLine($"TRUST FIGURES: {counted.Outcomes} distinct outcomes of {topics.Outcomes.Count} records " +
                         $"({duplicateOutcomes} duplicates, the trust plane saw {totals.Figures.Quality.DuplicateOutcomes}); " +
                         $"{counted.DeadLetters} distinct dead letters of {topics.DeadLetters.Count} ({totals.Figures.Quality.DuplicateDeadLetters} duplicates seen); " +
                         $"already covered {totals.AlreadyCovered}, expired {totals.Expired}, unreadable {totals.Unreadable}, late {totals.Figures.Quality.LateRecords}");
        output.WriteLine($"TRUST TOTALS: {counted}");

        Assert.Equal(0, await survivor.Terminate(TimeSpan.FromSeconds(60)));
    }

    /// <summary>The partitions where the trust plane has not yet counted every record the test read.</summary>
    private static List<string> Uncovered(TrustTotalsResponse totals, Dictionary<(string Topic, int Partition), long> ends)
    {
        var next = totals.Offsets.ToDictionary(o => (o.Topic, o.Partition), o => o.NextOffset);
        return ends.Where(end => next.GetValueOrDefault(end.Key) < end.Value)
            .Select(end => $"{end.Key.Topic}/{end.Key.Partition}: counted below {next.GetValueOrDefault(end.Key)} of {end.Value}")
            .ToList();
    }
}
