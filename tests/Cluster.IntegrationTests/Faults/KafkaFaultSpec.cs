using Akka.Payments.IntegrationTests.Faults.Kafka;
using Akka.Payments.IntegrationTests.Processes;
using Akka.Payments.Shared;
using Akka.Payments.Testing;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// Kafka's own faults, injected into the embedded Kafka process (librdkafka's mock cluster) under a steady load on two
/// payment nodes: a broker down, partition leaders moving, retriable request errors, and a slow broker behind the
/// outcome producer. Each run is judged by the <see cref="InvariantChecker"/> (nothing lost, nothing applied twice,
/// every decision as the reference model's, balances equal, lag 0) and shows that its fault really bit.
/// </summary>
[Collection(InfrastructureFaultCollection.Name)]
public sealed class KafkaFaultSpec(FaultCluster fixture, ITestOutputHelper output)
{
    private const int Rate = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly string[] Streamed = [Topics.Requested, Topics.Processed];

    [SkippableFact]
    public async Task A_broker_down_for_ten_seconds_cuts_the_nodes_off_its_partitions_and_the_stream_catches_up_when_it_returns()
    {
        var cluster = await fixture.Begin(output);
        using var faults = KafkaFaults.Of(cluster);
        using var run = new FaultRun(cluster, "broker-down", output);
        var leaders = Streamed.SelectMany(t => faults.Leaders(t).Values).ToList();
        var victim = leaders.GroupBy(b => b).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var led = Streamed.ToDictionary(t => t, t => faults.Leaders(t).Where(l => l.Value == victim).Select(l => l.Key).Order().ToList());
        Assert.All(Streamed, t => Assert.NotEmpty(led[t]));

        var address = faults.BrokerAddress(victim);

        run.StartLoad(Rate);
        Assert.True(run.AwaitProgress(300, Patience), "no progress before the fault");
        run.FaultBegins($"broker {victim} ({address}) down: leader of {Topics.Requested} {string.Join(",", led[Topics.Requested])} and {Topics.Processed} {string.Join(",", led[Topics.Processed])}");
        var linesBefore = cluster.Nodes.ToDictionary(n => n.Key, n => n.Value.Lines.Count());
        await faults.BrokerDown(victim);
        _ = run.Read(() => false, TimeSpan.FromSeconds(10)); // holds the fault for its 10 s while reading the outcomes that still come
        await faults.BrokerUp(victim);
        run.FaultHeals($"broker {victim} up");

        var verdict = await run.Judge(Patience);
        Judged(cluster, verdict);
        // The fault bit: the nodes' Kafka clients lost the broker (librdkafka logs it as host:port/id).
        var refused = cluster.Nodes.SelectMany(n => n.Value.Lines.Skip(linesBefore[n.Key]).Select(line => $"{n.Key}: {line}"))
            .Where(line => line.Contains($"{address}/{victim}", StringComparison.Ordinal) && line.Contains("Connection refused", StringComparison.Ordinal))
            .ToList();
        output.WriteLine($"{refused.Count} refused connections to broker {victim} logged by the nodes, e.g. {refused.FirstOrDefault()}");
        Assert.NotEmpty(refused);
    }

    [SkippableFact]
    public async Task Partition_leaders_moved_three_times_mid_load_lose_and_repeat_nothing()
    {
        var cluster = await fixture.Begin(output);
        using var faults = KafkaFaults.Of(cluster);
        using var run = new FaultRun(cluster, "leaders-move", output);
        run.StartLoad(Rate);
        Assert.True(run.AwaitProgress(300, Patience), "no progress before the fault");

        run.FaultBegins("partition leaders move: 6 partitions of the input and 6 of the output topic, 3 times");
        for (var round = 1; round <= 3; round++)
        {
            var moved = new Dictionary<(string Topic, int Partition), int>();
            foreach (var topic in Streamed)
                for (var partition = 0; partition < ProcessCluster.Partitions; partition += 2)
                {
                    var broker = (partition / 2 + round) % 3 + 1;
                    await faults.MoveLeader(topic, partition, broker);
                    moved[(topic, partition)] = broker;
                }
            // The move is real: Kafka's metadata names the new leaders.
            foreach (var topic in Streamed)
            {
                var leaders = faults.Leaders(topic);
                Assert.All(moved.Where(m => m.Key.Topic == topic), m => Assert.Equal(m.Value, leaders[m.Key.Partition]));
            }
            run.Mark($"round {round}: leaders moved to {string.Join(" ", moved.Where(m => m.Key.Topic == Topics.Requested).Select(m => $"{m.Key.Partition}->{m.Value}"))} (both topics)");
            // The stream follows each move: more outcomes arrive before the next one.
            Assert.True(run.AwaitProgress(300, TimeSpan.FromSeconds(30)) || run.Answered >= run.Sent - 20, $"no progress after round {round} of leader moves");
        }
        run.FaultHeals("leaders stay where the last round put them");

        var verdict = await run.Judge(Patience);
        Judged(cluster, verdict);
    }

    [SkippableFact]
    public async Task Retriable_errors_injected_into_produce_fetch_and_offset_commit_requests_are_survived_by_the_stream()
    {
        var cluster = await fixture.Begin(output);
        using var faults = KafkaFaults.Of(cluster);
        using var run = new FaultRun(cluster, "request-errors", output);
        var injected = new Dictionary<string, string[]>
        {
            ["Produce"] = ["NOT_LEADER_OR_FOLLOWER", "NOT_LEADER_OR_FOLLOWER", "REQUEST_TIMED_OUT", "REQUEST_TIMED_OUT", "NOT_ENOUGH_REPLICAS", "NOT_ENOUGH_REPLICAS"],
            ["Fetch"] = ["NOT_LEADER_OR_FOLLOWER", "NOT_LEADER_OR_FOLLOWER", "NOT_LEADER_OR_FOLLOWER", "LEADER_NOT_AVAILABLE", "LEADER_NOT_AVAILABLE", "LEADER_NOT_AVAILABLE"],
            ["OffsetCommit"] = ["COORDINATOR_NOT_AVAILABLE", "COORDINATOR_NOT_AVAILABLE", "NOT_COORDINATOR", "NOT_COORDINATOR", "REQUEST_TIMED_OUT", "REQUEST_TIMED_OUT"],
        };
        run.StartLoad(Rate);
        Assert.True(run.AwaitProgress(300, Patience), "no progress before the fault");

        await faults.StartTracking();
        run.FaultBegins($"request errors: {string.Join("; ", injected.Select(i => $"{i.Key} {string.Join(",", i.Value)}"))}");
        try
        {
            foreach (var (api, errors) in injected) await faults.PushErrors(api, errors);
            // The fault bit: the mock answers requests of each api in turn with the errors pushed for it, so once it
            // has received as many of them as errors were pushed, every error went out to a client.
            var served = await Eventually.Until(faults.Requests,
                counts => injected.All(i => counts.GetValueOrDefault(i.Key) >= i.Value.Length),
                TimeSpan.FromSeconds(30), "the mock to serve every injected error");
            run.FaultHeals($"every injected error served (requests since: {string.Join(", ", served.Where(s => injected.ContainsKey(s.Key)).Select(s => $"{s.Key} {s.Value}"))})");
        }
        finally
        {
            await faults.StopTracking();
        }

        var verdict = await run.Judge(Patience);
        Judged(cluster, verdict);
    }

    /// <summary>
    /// The outcome topics' leaders are put on one broker, the input topic's and the groups' coordinators on the
    /// others, then that broker answers every request 20 s late: the outcome producer can keep only what its stream
    /// holds in flight. Back-pressure must reach the source: the nodes stop taking records (they stay in Kafka, the
    /// lag grows) while what they hold stays within the stream's bounds; once the latency goes, everything drains.
    /// </summary>
    [SkippableFact]
    public async Task A_slow_outcome_broker_pushes_back_to_the_source_so_records_wait_in_Kafka_and_the_nodes_hold_a_bounded_amount()
    {
        const int slow = 3, latencyMs = 20_000;
        const int parallelism = 1024; // Payments:Stream:Parallelism, the fault cluster's default
        // Per node: decisions waiting for the producer stage plus produces in flight, each bounded by the parallelism,
        // and a little for the stages' buffers and the committer's batch.
        const long bound = 2 * (2 * parallelism + 256);
        var cluster = await fixture.Begin(output);
        using var faults = KafkaFaults.Of(cluster);
        using var run = new FaultRun(cluster, "slow-downstream", output);
        using var offsets = StreamGauges.OffsetReader(cluster);
        await Layout(faults, outputsOn: slow);

        // The latency is there before the load, so that all of it meets the slow broker: the nodes' streams can hold
        // ~4,000 records between them, and the run is 6,900.
        var before = await Eventually.Until(() => StreamGauges.Read(cluster, offsets), g => g.Lag == 0, Patience, "no lag before the fault");
        run.Mark($"before: {before}");
        run.FaultBegins($"broker {slow} (leader of every outcome and dead-letter partition) answers {latencyMs / 1000} s late");
        await faults.SetRtt(slow, latencyMs);
        run.StartLoad(Rate);

        var samples = new List<StreamGauges>();
        long Untaken(StreamGauges g) => g.End - before.End - (g.Taken - before.Taken); // records the nodes left in Kafka
        long Held(StreamGauges g) => g.Taken - before.Taken - (g.Committed - before.Committed); // taken, not committed
        try
        {
            await Eventually.Until(async () =>
            {
                var gauges = await StreamGauges.Read(cluster, offsets);
                samples.Add(gauges);
                return gauges;
            }, g => (Untaken(g) >= 1_500 && g.Lag >= 3_000) || g.End - before.End >= run.Scenario.Count, // or the whole load is in Kafka
                TimeSpan.FromSeconds(90), "the records to pile up in Kafka");
        }
        finally
        {
            await faults.SetRtt(slow, 0);
        }
        var peak = samples.MaxBy(g => g.Lag)!;
        run.FaultHeals($"broker {slow} answers at once again; at the peak: {peak}, {Untaken(peak):N0} never taken by the nodes, {Held(peak):N0} held by them");

        var verdict = await run.Judge(Patience);
        var after = await StreamGauges.Read(cluster, offsets);
        output.WriteLine($"after: {after}");
        output.WriteLine($"held by the nodes at most {samples.Max(Held):N0} (bound {bound:N0}), in flight at most {samples.Max(g => g.InFlight):N0}, " +
                         $"RSS {before.RssKiB / 1024:N0} MiB before, at most {samples.Max(g => g.RssKiB) / 1024:N0} MiB during, {after.RssKiB / 1024:N0} MiB after");
        Judged(cluster, verdict);
        Assert.True(peak.Lag >= 2_000, $"the lag never grew: {peak}");
        Assert.True(samples.Max(Untaken) >= 1_000, $"the nodes took every record though they could not produce: {peak}");
        Assert.All(samples, g => Assert.True(Held(g) <= bound, $"the nodes held {Held(g):N0} records, more than the stream's bound {bound:N0}: {g}"));
        Assert.All(samples, g => Assert.True(g.InFlight <= 2 * parallelism, $"{g.InFlight} records in flight: {g}"));
        Assert.Equal(0, after.Lag);
        await Layout(faults, outputsOn: null);
    }

    /// <summary>The verdict must hold; when it names lost requests, the output says where each one is in Kafka.</summary>
    private void Judged(ProcessCluster cluster, Verdict verdict)
    {
        if (!verdict.Holds)
            foreach (var line in LostRequests.Locate(cluster, verdict)) output.WriteLine($"LOST {line}");
        verdict.AssertHolds();
    }

    /// <summary>Puts every partition of the outcome and dead-letter topics on <paramref name="outputsOn"/> and the
    /// input topic and the groups' coordinators on the other brokers; null spreads every topic over the three again.</summary>
    private static async Task Layout(KafkaFaults faults, int? outputsOn)
    {
        var others = Enumerable.Range(1, 3).Where(b => b != outputsOn).ToArray();
        for (var p = 0; p < ProcessCluster.Partitions; p++)
        {
            var spread = p % 3 + 1;
            await faults.MoveLeader(Topics.Requested, p, outputsOn is null ? spread : others[p % others.Length]);
            await faults.MoveLeader(Topics.Processed, p, outputsOn ?? spread);
            await faults.MoveLeader(Topics.DeadLetters, p, outputsOn ?? spread);
        }
        foreach (var group in new[] { ProcessCluster.GroupId, "payments-trust", "payments-ops" })
            await faults.SetGroupCoordinator(group, others[0]);
    }
}
