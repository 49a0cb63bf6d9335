using Akka.Payments.Node.Kafka.Streams;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.Kafka;

[Collection(EmbeddedKafkaCollection.Name)]
public sealed class KafkaProducerFlowSpec(EmbeddedKafkaFixture fixture, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(output: output)
{
    [Fact]
    public async Task The_producer_flow_passes_pass_through_elements_through_in_order_including_envelopes_with_no_messages()
    {
        var topic = fixture.NewTopic("flexi", partitions: 6);
        using var producer = KafkaTestData.Producer(fixture.BootstrapServers);

        var results = await Source.From(Enumerable.Range(0, 300))
            .Select(i => new ProducerEnvelope<int>(
                Enumerable.Range(0, i % 3).Select(k => new TopicMessage(topic, KafkaTestData.Message(i * 10 + k))).ToList(), i))
            .Via(KafkaProducer.FlexiFlow<int>(producer, parallelism: 16))
            .RunWith(Sink.Seq<ProducerResult<int>>(), Sys.Materializer());

        Assert.Equal(Enumerable.Range(0, 300), results.Select(r => r.PassThrough));
        Assert.All(results, r => Assert.Equal(r.PassThrough % 3, r.Results.Count));
        Assert.All(results.SelectMany(r => r.Results), d => Assert.Equal(PersistenceStatus.Persisted, d.Status));
        Assert.Equal(300, KafkaTestData.ReadAll(fixture.BootstrapServers, topic, 6, 300, TimeSpan.FromSeconds(20)).Count);
    }

    [Fact]
    public async Task A_record_the_broker_does_not_acknowledge_fails_the_producer_flow_with_a_clear_exception()
    {
        var topic = fixture.NewTopic("flexi-fail", partitions: 1);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            MessageMaxBytes = 1000,
        }).Build();
        var tooLarge = new Message<string, byte[]> { Key = "acc-1", Value = new byte[10_000] };

        var run = Source.Single(new ProducerEnvelope<string>([new TopicMessage(topic, tooLarge)], "payment-1"))
            .Via(KafkaProducer.FlexiFlow<string>(producer, parallelism: 1))
            .RunWith(Sink.Seq<ProducerResult<string>>(), Sys.Materializer());

        var error = await Assert.ThrowsAsync<KafkaProducerException>(() => run);
        Assert.Contains(topic, error.Message);
    }
}
