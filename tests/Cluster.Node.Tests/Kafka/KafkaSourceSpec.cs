using System.Collections.Concurrent;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Node.Kafka.Streams.Internal;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.Kafka;

/// <summary>Back-pressure and rebalancing of the committable source.</summary>
[Collection(EmbeddedKafkaCollection.Name)]
public sealed class KafkaSourceSpec(EmbeddedKafkaFixture fixture, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly CommitterSettings FastCommits = new() { MaxBatch = 100, MaxInterval = TimeSpan.FromMilliseconds(20) };
    private readonly ITestOutputHelper _output = output;

    /// <summary>AwaitAssert retries every 800 ms by default: every spec would wait for the next tick, not the condition.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task A_downstream_that_does_not_pull_leaves_at_most_the_bounded_buffer_in_the_source()
    {
        const int records = 1000, bound = 50;
        var topic = fixture.NewTopic("backpressure", partitions: 4);
        await KafkaTestData.ProduceSequence(fixture.BootstrapServers, topic, 0, records);

        var (control, probe) = KafkaConsumer
            .CommittableSource(KafkaTestData.Consumer(fixture.BootstrapServers, fixture.NewGroup("bp"), maxBuffered: bound), [topic])
            .ToMaterialized(this.SinkProbe<CommittableMessage>(), Keep.Both)
            .Run(Sys.Materializer());
        var loop = (ConsumerLoop)control;

        probe.Request(1);
        probe.ExpectNext(TimeSpan.FromSeconds(20));
        await AwaitAssertAsync(() => Assert.Equal(bound, loop.Buffered), TimeSpan.FromSeconds(10), Poll);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // the consumer keeps polling (paused) all this time
        Assert.Equal(bound + 1, loop.Polled);               // one emitted + the full buffer, nothing more

        probe.Request(records);
        var rest = Enumerable.Range(0, records - 1).Select(_ => probe.ExpectNext(TimeSpan.FromSeconds(10))).ToList();
        Assert.Equal(records - 1, rest.Select(m => (m.Record.Partition.Value, m.Record.Offset.Value)).Distinct().Count());
        await control.Shutdown();
    }

    [Fact]
    public async Task When_a_second_consumer_joins_only_the_partitions_it_takes_move_each_is_processed_by_one_member_at_a_time_and_all_records_are_processed()
    {
        const int half = 1200, records = 2 * half, partitions = 12;
        var topic = fixture.NewTopic("rebalance", partitions);
        var group = fixture.NewGroup("rebalance");
        await KafkaTestData.ProduceSequence(fixture.BootstrapServers, topic, 0, half);
        var log = new ConcurrentQueue<(long Seq, string Member, int Partition, long Offset)>();
        var assigned = new ConcurrentQueue<(string Member, int[] Partitions)>();
        long seq = 0;

        DrainingControl<Done> Member(string name) => KafkaConsumer
            .CommittableSource(KafkaTestData.Consumer(fixture.BootstrapServers, group, maxBuffered: 20) with
            {
                PartitionsAssigned = partitions =>
                {
                    if (partitions.Count > 0) assigned.Enqueue((name, partitions.Select(p => p.Partition.Value).Order().ToArray()));
                },
            }, [topic])
            .Throttle(500, TimeSpan.FromSeconds(1), 50, ThrottleMode.Shaping) // ~500/s: the join lands mid-stream
            .Select(m =>
            {
                log.Enqueue((Interlocked.Increment(ref seq), name, m.Record.Partition.Value, m.Record.Offset.Value));
                return m.Offset;
            })
            .ToMaterialized(KafkaCommitter.Sink(FastCommits), DrainingControl<Done>.Create)
            .Run(Sys.Materializer());

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var a = Member("a");
        await AwaitAssertAsync(() => Assert.True(log.Count >= 100), TimeSpan.FromSeconds(20), Poll);
        _output.WriteLine($"a at 100: {clock.ElapsedMilliseconds} ms");
        var b = Member("b");
        await KafkaTestData.ProduceSequence(fixture.BootstrapServers, topic, half, half); // work left for b, however long the join takes
        await AwaitAssertAsync(() => Assert.Contains(log, e => e.Member == "b"), TimeSpan.FromSeconds(20), Poll);
        await AwaitAssertAsync(
            () => Assert.True(records == log.Select(e => (e.Partition, e.Offset)).Distinct().Count(),
                $"processed {log.Select(e => (e.Partition, e.Offset)).Distinct().Count()} of {records}; by b: {log.Count(e => e.Member == "b")}"),
            TimeSpan.FromSeconds(30), Poll);
        _output.WriteLine($"all processed: {clock.ElapsedMilliseconds} ms");
        // Incremental rebalancing: b's join took from a only the partitions it gave b. a kept the others throughout,
        // never revoked and assigned again (with eager rebalancing, a is assigned its remaining half a second time).
        var joined = assigned.ToList();
        _output.WriteLine("assignments: " + string.Join("; ", joined.Select(j => $"{j.Member} [{string.Join(",", j.Partitions)}]")));
        Assert.Equal(Enumerable.Range(0, partitions), Assert.Single(joined, j => j.Member == "a").Partitions);
        var toB = joined.Where(j => j.Member == "b").SelectMany(j => j.Partitions).ToList();
        Assert.InRange(toB.Count, 1, partitions - 1);
        Assert.Equal(toB.Count, toB.Distinct().Count());
        // One member at a time: a member that leaves makes the group rebalance, and a commit the other member sends
        // meanwhile is refused (RebalanceInProgress) and dropped with the revoked partitions — draining both at once
        // raced b's last commit against a's LeaveGroup and left the group short of the end now and then. After a
        // leaves, b owns every partition, reads again what a processed but could not commit, and commits it.
        await a.DrainAndShutdown();
        await AwaitAssertAsync(
            () => Assert.All(KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, topic, partitions).Values,
                p => Assert.Equal(p.End, Math.Max(p.Committed, 0))),
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
        await b.DrainAndShutdown();
        _output.WriteLine($"drained: {clock.ElapsedMilliseconds} ms");

        // Per partition, ordered by processing time, the members form runs: a member never comes back to a
        // partition after another member processed it (no interleaving), and offsets never go backwards within a run.
        foreach (var perPartition in log.OrderBy(e => e.Seq).GroupBy(e => e.Partition))
        {
            var runs = new List<string>();
            foreach (var e in perPartition)
                if (runs.Count == 0 || runs[^1] != e.Member) runs.Add(e.Member);
            Assert.True(runs.Count == runs.Distinct().Count(), $"partition {perPartition.Key} interleaved: {string.Join(" -> ", runs)}");
        }
        var duplicates = log.Count - records;
        _output.WriteLine($"rebalance: {log.Count(e => e.Member == "a")} by a, {log.Count(e => e.Member == "b")} by b, {duplicates} reprocessed");
        Assert.All(KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, topic, partitions).Values,
            p => Assert.Equal(p.End, Math.Max(p.Committed, 0)));
    }
}
