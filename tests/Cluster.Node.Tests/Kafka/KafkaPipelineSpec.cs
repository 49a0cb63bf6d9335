using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.Kafka;

/// <summary>source -> producer flow -> committer against the embedded Kafka.</summary>
[Collection(EmbeddedKafkaCollection.Name)]
public sealed class KafkaPipelineSpec(EmbeddedKafkaFixture fixture, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly CommitterSettings FastCommits = new() { MaxBatch = 200, MaxInterval = TimeSpan.FromMilliseconds(50) };
    private readonly ITestOutputHelper _output = output;

    /// <summary>AwaitAssert retries every 800 ms by default: every spec would wait for the next tick, not the condition.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task Every_record_arrives_once_on_the_output_topic_in_order_per_key_and_the_group_is_committed_to_the_end()
    {
        const int records = 2000, partitions = 12;
        var input = fixture.NewTopic("pipe-in", partitions);
        var outputTopic = fixture.NewTopic("pipe-out", partitions);
        var group = fixture.NewGroup("pipe");
        await KafkaTestData.ProduceSequence(fixture.BootstrapServers, input, 0, records);
        using var producer = KafkaTestData.Producer(fixture.BootstrapServers);

        var clock = Stopwatch.StartNew();
        var control = KafkaConsumer.CommittableSource(KafkaTestData.Consumer(fixture.BootstrapServers, group), [input])
            .Select(m => new ProducerEnvelope<ICommittableOffset>(
                [new TopicMessage(outputTopic, new Message<string, byte[]> { Key = m.Record.Message.Key, Value = m.Record.Message.Value })],
                m.Offset))
            .Via(KafkaProducer.FlexiFlow<ICommittableOffset>(producer, parallelism: 64))
            .Select(r => r.PassThrough)
            .ToMaterialized(KafkaCommitter.Sink(FastCommits), DrainingControl<Done>.Create)
            .Run(Sys.Materializer());

        var produced = KafkaTestData.ReadAll(fixture.BootstrapServers, outputTopic, partitions, records, TimeSpan.FromSeconds(30));
        _output.WriteLine($"pipeline: {records} records in {clock.ElapsedMilliseconds} ms = {records / clock.Elapsed.TotalSeconds:F0} msgs/s");
        await control.DrainAndShutdown();

        Assert.Equal(Enumerable.Range(0, records), produced.Select(KafkaTestData.Sequence).Order());
        KafkaTestData.AssertOrderedPerKey(produced);
        Assert.All(KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, input, partitions).Values,
            p => Assert.Equal(p.End, Math.Max(p.Committed, 0))); // an empty partition has no commit
        Assert.True(control.Control.IsShutdown.IsCompletedSuccessfully);
    }

    /// <summary>Throughput sanity: no timing assertion (shared 2-core machines), only correctness; the rate is logged.</summary>
    [Fact]
    public async Task Twenty_thousand_records_over_twelve_partitions_all_arrive_and_are_committed()
    {
        const int records = 20_000, partitions = 12;
        var input = fixture.NewTopic("tput-in", partitions);
        var outputTopic = fixture.NewTopic("tput-out", partitions);
        var group = fixture.NewGroup("tput");
        await KafkaTestData.ProduceSequence(fixture.BootstrapServers, input, 0, records);
        using var producer = KafkaTestData.Producer(fixture.BootstrapServers);
        var done = 0;

        var clock = Stopwatch.StartNew();
        var control = KafkaConsumer.CommittableSource(KafkaTestData.Consumer(fixture.BootstrapServers, group, maxBuffered: 1000), [input])
            .Select(m => new ProducerEnvelope<ICommittableOffset>(
                [new TopicMessage(outputTopic, new Message<string, byte[]> { Key = m.Record.Message.Key, Value = m.Record.Message.Value })],
                m.Offset))
            .Via(KafkaProducer.FlexiFlow<ICommittableOffset>(producer, parallelism: 256))
            .Select(r =>
            {
                Interlocked.Increment(ref done);
                return r.PassThrough;
            })
            .ToMaterialized(KafkaCommitter.Sink(CommitterSettings.Default), DrainingControl<Done>.Create)
            .Run(Sys.Materializer());

        await AwaitAssertAsync(() => Assert.True(Volatile.Read(ref done) >= records), TimeSpan.FromSeconds(60), Poll);
        var elapsed = clock.Elapsed;
        await control.DrainAndShutdown();
        _output.WriteLine($"throughput: {records} records through source -> producer -> committer in {elapsed.TotalMilliseconds:F0} ms " +
                          $"= {records / elapsed.TotalSeconds:F0} msgs/s (including the group join)");

        var produced = KafkaTestData.ReadAll(fixture.BootstrapServers, outputTopic, partitions, records, TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, records), produced.Select(KafkaTestData.Sequence).Order());
        KafkaTestData.AssertOrderedPerKey(produced);
        Assert.All(KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, input, partitions).Values,
            p => Assert.Equal(p.End, Math.Max(p.Committed, 0))); // 40 keys may leave a partition empty: no commit
    }

    [Fact]
    public async Task A_new_consumer_in_the_same_group_after_a_drain_resumes_from_the_committed_offset()
    {
        const int partitions = 4;
        var input = fixture.NewTopic("resume", partitions);
        var group = fixture.NewGroup("resume");
        await KafkaTestData.ProduceSequence(fixture.BootstrapServers, input, 0, 300);

        var first = await ProcessUntil(input, group, expected: 300);
        Assert.Equal(Enumerable.Range(0, 300), first.Order());

        await KafkaTestData.ProduceSequence(fixture.BootstrapServers, input, 300, 200);
        var second = await ProcessUntil(input, group, expected: 200);
        Assert.Equal(Enumerable.Range(300, 200), second.Order());
    }

    [Fact]
    public async Task DrainAndShutdown_commits_everything_that_was_processed()
    {
        const int partitions = 6;
        var input = fixture.NewTopic("drain", partitions);
        var group = fixture.NewGroup("drain");
        await KafkaTestData.ProduceSequence(fixture.BootstrapServers, input, 0, 600);
        var processed = new ConcurrentDictionary<int, long>(); // partition -> highest processed offset
        var neverOnItsOwn = new CommitterSettings { MaxBatch = 100_000, MaxInterval = TimeSpan.FromMinutes(5) };

        var control = KafkaConsumer.CommittableSource(KafkaTestData.Consumer(fixture.BootstrapServers, group), [input])
            .Select(m =>
            {
                processed.AddOrUpdate(m.Record.Partition.Value, m.Record.Offset.Value, (_, o) => Math.Max(o, m.Record.Offset.Value));
                return m.Offset;
            })
            .ToMaterialized(KafkaCommitter.Sink(neverOnItsOwn), DrainingControl<Done>.Create)
            .Run(Sys.Materializer());

        await AwaitAssertAsync(() => Assert.Equal(600, processed.Values.Sum(o => o + 1)), TimeSpan.FromSeconds(20), Poll);
        Assert.All(KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, input, partitions).Values,
            p => Assert.True(p.Committed < 0, "nothing is committed before the drain"));

        await control.DrainAndShutdown();

        var committed = KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, input, partitions);
        Assert.All(processed, p => Assert.Equal(p.Value + 1, committed[p.Key].Committed));
    }

    /// <summary>Runs source -> committer until <paramref name="expected"/> records were seen, then drains.</summary>
    private async Task<List<int>> ProcessUntil(string topic, string group, int expected)
    {
        var seen = new ConcurrentQueue<int>();
        var control = KafkaConsumer.CommittableSource(KafkaTestData.Consumer(fixture.BootstrapServers, group), [topic])
            .Select(m =>
            {
                seen.Enqueue(KafkaTestData.Sequence(m.Record));
                return m.Offset;
            })
            .ToMaterialized(KafkaCommitter.Sink(FastCommits), DrainingControl<Done>.Create)
            .Run(Sys.Materializer());
        await AwaitAssertAsync(() => Assert.True(seen.Count >= expected), TimeSpan.FromSeconds(20), Poll);
        await control.DrainAndShutdown();
        return [.. seen];
    }
}
