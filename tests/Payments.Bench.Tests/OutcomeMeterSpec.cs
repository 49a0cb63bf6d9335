using Akka.Payments.Bench.Harness;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.Embedded;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Akka.Payments.Testing;
using Confluent.Kafka;

namespace Akka.Payments.Bench.Tests;

/// <summary>The meter reads outcomes from the embedded Kafka as in a run; the outcomes are produced here.</summary>
public sealed class OutcomeMeterSpec : IDisposable
{
    private const int Partitions = 2;
    private readonly EmbeddedKafka _kafka = EmbeddedKafka.Start(brokers: 1);
    private readonly OutcomeMeter _meter;
    private readonly IProducer<string, byte[]> _producer;

    public OutcomeMeterSpec()
    {
        foreach (var topic in new[] { Topics.Processed, Topics.DeadLetters }) _kafka.CreateTopic(topic, Partitions);
        _meter = new OutcomeMeter(_kafka.BootstrapServers, Partitions);
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
    }

    [Fact]
    public async Task It_counts_a_requests_first_outcome_once_and_then_forgets_the_request()
    {
        _meter.Begin("t1");
        foreach (var id in new[] { "t1-0", "t1-1", "t1-2" }) _meter.Sent(id);
        Assert.Equal(3, _meter.Awaiting);

        Produce("t1-0");
        Produce("t1-0"); // re-emitted: not a second answer
        Produce("t0-7"); // another trial's outcome
        Produce("t1-1");
        await MeterReads(4);

        Assert.Equal(2, _meter.Answered);
        Assert.Equal(3, _meter.SentCount);
        Assert.Equal(1, _meter.Awaiting); // only t1-2 is remembered
        Assert.True(_meter.Latency().MaxMs > 0);

        Produce("t1-2");
        await MeterReads(5);
        Assert.Equal(3, _meter.Answered);
        Assert.Equal(0, _meter.Awaiting);
    }

    [Fact]
    public async Task A_new_trial_starts_from_nothing()
    {
        _meter.Begin("a");
        _meter.Sent("a-0");
        _meter.Sent("a-1");
        Produce("a-0");
        await MeterReads(1);

        _meter.Begin("b");
        Assert.Equal((0, 0, 0), (_meter.SentCount, _meter.Answered, _meter.Awaiting));
        Produce("a-1"); // the last trial's straggler
        await MeterReads(2);
        Assert.Equal(0, _meter.Answered);
    }

    private void Produce(string requestEventId)
    {
        var outcome = new CreditApplied("c-" + requestEventId, "acct-1", 1m, "EUR", 1m, requestEventId, "payments.requested/0/0", DateTimeOffset.UtcNow);
        _producer.Produce(Topics.Processed, OutcomeMessages.ToMessage(outcome));
        _producer.Flush(TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits until the meter has read <paramref name="records"/> records of the outcome topic.</summary>
    private Task MeterReads(long records) => Eventually.Until(
        () => _meter.Positions().Where(p => p.Topic == Topics.Processed).Sum(p => Math.Max(0, p.Offset.Value)),
        read => read >= records, TimeSpan.FromSeconds(30), $"the meter to read {records} outcomes");

    public void Dispose()
    {
        _producer.Dispose();
        _meter.Dispose();
        _kafka.Dispose();
    }
}
