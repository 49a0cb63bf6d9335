using Akka.Payments.Node.Kafka.Embedded;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Testing;
using Akka.Streams;
using Akka.Streams.Dsl;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.Kafka;

/// <summary>
/// A consumer whose close is held up (its group coordinator does not answer) does not hold up whoever stops the
/// stream: the node's drain, a restart. A cluster of its own: the fault would disturb the shared one's specs.
/// </summary>
public sealed class KafkaConsumerCloseSpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private readonly EmbeddedKafka _kafka = EmbeddedKafka.Start(brokers: 3);

    [Fact]
    public async Task A_shutdown_returns_after_the_close_timeout_while_the_consumer_still_waits_to_leave_its_group()
    {
        const string topic = "close-held", group = "close-held";
        _kafka.CreateTopic(topic, partitions: 4);
        _kafka.SetCoordinator("group", group, 1);
        await KafkaTestData.ProduceSequence(_kafka.BootstrapServers, topic, 0, 40);
        var settings = KafkaTestData.Consumer(_kafka.BootstrapServers, group) with { CloseTimeout = TimeSpan.FromSeconds(1) };
        var (control, taken) = KafkaConsumer.CommittableSource(settings, [topic])
            .ToMaterialized(Sink.Seq<CommittableMessage>(), Keep.Both)
            .Run(Sys.Materializer());
        await Eventually.Until(() => control.Assignment.Count, n => n == 4, TimeSpan.FromSeconds(30), "the consumer to be assigned its partitions");

        _kafka.SetBrokerRtt(1, 30_000); // the coordinator answers the LeaveGroup (and everything else) 30 s late
        await control.Shutdown();

        Assert.False(control.IsShutdown.IsCompleted, "the shutdown waited for the whole close (or the close was not held up by the 30 s coordinator)");
        await taken.WaitAsync(TimeSpan.FromSeconds(10)); // the source completed all the same
        _kafka.SetBrokerRtt(1, 0);
        await control.IsShutdown.WaitAsync(TimeSpan.FromSeconds(90)); // and the close ends when the coordinator answers
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // the actor system and its consumer first, then their broker
        if (disposing) _kafka.Dispose();
    }
}
