using Akka.Actor;
using Akka.Event;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Node.Pipeline;
using Akka.Payments.Node.Tests.Kafka;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Streams;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.Pipeline;

/// <summary>The payment stream against the embedded Kafka, with a fake region in place of the account shards.</summary>
[Collection(EmbeddedKafkaCollection.Name)]
public sealed class PaymentStreamSpec(EmbeddedKafkaFixture fixture, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly CommitterSettings FastCommits = new() { MaxBatch = 100, MaxInterval = TimeSpan.FromMilliseconds(50) };
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly IProducer<string, byte[]> _producer = KafkaTestData.Producer(fixture.BootstrapServers);

    [Fact]
    public async Task A_record_its_entity_cannot_decide_becomes_a_decision_failed_dead_letter_is_committed_and_the_account_goes_on()
    {
        var topics = Topics("decision-failed", partitions: 3);
        var group = fixture.NewGroup("decision-failed");
        var account = Unique("acct");
        var other = Unique("other");
        var region = Region(fail: ["c-2"]);
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs.Ref, typeof(Warning));
        var failedAt = await Produce(topics.Input, Credit(account, "c-1"), Credit(account, "c-2"), Credit(account, "c-3"), Credit(other, "c-4"));

        var (control, _, metrics) = Start(topics, group, region);

        var processed = KafkaTestData.ReadAll(fixture.BootstrapServers, topics.Processed, 3, 3, Deadline);
        var deadLetters = KafkaTestData.ReadAll(fixture.BootstrapServers, topics.DeadLetters, 3, 1, Deadline);
        Assert.Equal(["c-1", "c-3"], processed.Where(r => r.Message.Key == account).OrderBy(r => r.Offset.Value)
            .Select(r => OutcomeMessages.FromMessage(r.Message)!.RequestId));
        Assert.Contains(processed, r => r.Message.Key == other);
        var deadLetter = Assert.Single(deadLetters);
        var headers = DeadLetterHeaders.Read(deadLetter.Message.Headers)!;
        Assert.Equal(DeadLetterReasons.DecisionFailed, headers.Reason);
        Assert.Equal("cannot decide c-2: arithmetic overflow", headers.Error);
        var source = $"{topics.Input}/{failedAt[1].Partition.Value}/{failedAt[1].Offset.Value}";
        Assert.Equal(source, headers.Source);
        Assert.Equal(account, deadLetter.Message.Key);

        await AwaitAssertAsync(() => Assert.All(
            KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, topics.Input, 3).Values,
            p => Assert.Equal(p.End, Math.Max(p.Committed, 0))), Deadline, Poll);
        Assert.Equal(1, metrics.DecisionFailed);
        Assert.Equal(1, metrics.DeadLettered);
        Assert.Equal(3, metrics.CreditsApplied);
        logs.FishForMessage<Warning>(w =>
        {
            var line = w.ToString();
            return line.Contains(account) && line.Contains("c-2") && line.Contains(source) && line.Contains("arithmetic overflow");
        }, Deadline);
        await control.DrainAndShutdown();
    }

    [Fact]
    public async Task When_a_run_fails_the_asks_it_still_had_in_flight_are_cancelled_and_nothing_of_them_is_committed()
    {
        var topics = Topics("run-ends", partitions: 2);
        var group = fixture.NewGroup("run-ends");
        var held = Unique("held");
        var observer = CreateTestProbe();
        var region = Region(boom: ["c-boom"], hold: [held], observer: observer.Ref);
        await Produce(topics.Input, Credit(held, "c-held"));

        var (control, gateway, _) = Start(topics, group, region, askTimeout: TimeSpan.FromSeconds(60));
        observer.ExpectMsg<DecideEvent>(d => d.Input.RequestId == "c-held", Deadline);
        Assert.Equal(1, gateway.Pending);

        await Produce(topics.Input, Credit(Unique("crashing"), "c-boom"));
        await Assert.ThrowsAnyAsync<Exception>(() => control.StreamCompletion.WaitAsync(Deadline));
        await AwaitAssertAsync(() => Assert.Equal(0, gateway.Pending), Deadline, Poll); // not asked again every 60 s forever

        region.Tell(new FakeAccountRegion.Release()); // the answer comes too late: nobody waits for it anymore
        await control.Control.Shutdown();
        Assert.All(KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, topics.Input, 2).Values,
            p => Assert.True(p.Committed < 0, "nothing of the failed run may be committed"));
    }

    [Fact]
    public async Task A_record_whose_partition_is_revoked_while_its_entity_has_not_answered_is_neither_produced_nor_committed_and_the_stream_goes_on()
    {
        var topics = Topics("revoked", partitions: 2);
        var group = fixture.NewGroup("revoked");
        string[] held = [Unique("held-0"), Unique("held-1")];
        var observer = CreateTestProbe();
        var region = Region(hold: [.. held], observer: observer.Ref);
        await Produce(topics.Input, 0, Credit(held[0], "c-held-0"));
        await Produce(topics.Input, 1, Credit(held[1], "c-held-1"));

        var (control, _, metrics) = Start(topics, group, region);
        var asked = new[] { observer.ExpectMsg<DecideEvent>(Deadline), observer.ExpectMsg<DecideEvent>(Deadline) };
        Assert.Equal(held.Order(), asked.Select(d => d.AccountId).Order());

        // A second member joins: the partition it takes is revoked from the stream (incremental rebalance); the other
        // usually stays the stream's, its ask still in flight under the same assignment.
        var rivalAssigned = new TaskCompletionSource<int[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var rival = new ConsumerBuilder<string, byte[]>(KafkaTestData.Consumer(fixture.BootstrapServers, group).Config)
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                if (partitions.Count > 0) rivalAssigned.TrySetResult([.. partitions.Select(p => p.Partition.Value)]);
            })
            .Build();
        rival.Subscribe(topics.Input);
        using var stopRival = new CancellationTokenSource();
        var rivalLoop = Task.Run(() => { while (!stopRival.IsCancellationRequested) rival.Consume(TimeSpan.FromMilliseconds(20)); });

        // The rival gets its partition once the partition was revoked here (the second of the two rebalances an
        // incremental join takes, more on a loaded machine).
        var lost = Assert.Single(await rivalAssigned.Task.WaitAsync(Deadline));
        var kept = 1 - lost;
        // The lost partition's held record is released. How many releases that takes is the broker's business, not the
        // stream's: on a loaded machine the join can take more than one rebalance and revoke the kept partition too
        // (seen in CI: 2 releases; locally under load the kept account was asked three times). What the stream guarantees
        // is checked below: the kept record is produced once and committed, the lost one neither, and the stream goes on.
        await AwaitAssertAsync(() => Assert.True(metrics.Released >= 1, $"released {metrics.Released}"), Deadline, Poll);

        region.Tell(new FakeAccountRegion.Release()); // answers the cancelled asks too: their answers must go nowhere
        var sentinel = Unique("after");
        await Produce(topics.Input, kept, Credit(sentinel, "c-after"));
        await AwaitAssertAsync(() => Assert.Equal(2, KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, topics.Input, 2)[kept].Committed), Deadline, Poll);

        // Everything the stream produced up to the sentinel's commit is on the topic now (results leave in order).
        var ends = KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, fixture.NewGroup("none"), topics.Processed, 2);
        var produced = KafkaTestData.ReadAll(fixture.BootstrapServers, topics.Processed, 2, (int)ends.Values.Sum(p => p.End), Deadline);
        Assert.Equal(new[] { held[kept], sentinel }.Order(), produced.Select(r => r.Message.Key).Order());
        Assert.DoesNotContain(produced, r => r.Message.Key == held[lost]);
        Assert.True(KafkaTestData.CommittedAndEnd(fixture.BootstrapServers, group, topics.Input, 2)[lost].Committed < 1,
            "the stream committed a record of a partition it no longer owns");
        Assert.False(control.StreamCompletion.IsCompleted, "a revoked partition must not end the stream");

        stopRival.Cancel();
        await rivalLoop;
        rival.Close();
        await control.DrainAndShutdown();
    }

    private (DrainingControl<Done> Control, AccountGateway Gateway, StreamMetrics Metrics) Start(
        StreamTopics topics, string group, IActorRef region, TimeSpan? askTimeout = null)
    {
        var log = Logging.GetLogger(Sys, "payment-stream");
        var gateway = new AccountGateway(region, askTimeout ?? TimeSpan.FromSeconds(30), log);
        var metrics = new StreamMetrics();
        var options = new PaymentStreamOptions(16, new KafkaCloudEventDecoder(), FastCommits, metrics, default, log, topics);
        var control = PaymentStream.Run(KafkaTestData.Consumer(fixture.BootstrapServers, group), _producer, gateway, options, Sys.Materializer());
        return (control, gateway, metrics);
    }

    private IActorRef Region(string[]? fail = null, string[]? boom = null, string[]? hold = null, IActorRef? observer = null)
    {
        var watcher = observer ?? ActorRefs.Nobody;
        var failing = (fail ?? []).ToHashSet();
        var crashing = (boom ?? []).ToHashSet();
        var holding = (hold ?? []).ToHashSet();
        return Sys.ActorOf(Props.Create(() => new FakeAccountRegion(watcher, failing, crashing, holding)));
    }

    private StreamTopics Topics(string prefix, int partitions) => new(
        fixture.NewTopic(prefix + "-in", partitions),
        fixture.NewTopic(prefix + "-out", partitions),
        fixture.NewTopic(prefix + "-dlq", partitions));

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    private static Message<string, byte[]> Credit(string account, string creditId) =>
        KafkaCloudEventEncoder.Binary(new AccountCredited(creditId, account, 10m, "EUR", T0), $"ce-{creditId}", "/spec", T0);

    private async Task<List<DeliveryResult<string, byte[]>>> Produce(string topic, params Message<string, byte[]>[] messages)
    {
        var results = new List<DeliveryResult<string, byte[]>>();
        foreach (var m in messages) results.Add(await _producer.ProduceAsync(topic, m));
        return results;
    }

    private async Task Produce(string topic, int partition, Message<string, byte[]> message) =>
        await _producer.ProduceAsync(new TopicPartition(topic, new Partition(partition)), message);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _producer.Dispose();
        base.Dispose(disposing);
    }
}
