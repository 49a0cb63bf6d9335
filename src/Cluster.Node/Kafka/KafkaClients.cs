using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Kafka.Streams;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka;

/// <summary>
/// Builds the node's Kafka clients for <see cref="KafkaEndpoint"/>: our settings first, then the librdkafka
/// properties configured under <c>Kafka:Producer</c> and <c>Kafka:Consumer</c>, which win (and for the planes'
/// consumers, <c>Kafka:PlaneConsumer</c> after those). Call it once Kafka is started.
/// </summary>
public sealed class KafkaClients(KafkaEndpoint kafka, KafkaSettings settings)
{
    private static string ClientId => $"payments-node-{Environment.MachineName}";

    /// <summary>An idempotent producer that waits for every in-sync replica; the caller disposes it.</summary>
    public IProducer<string, byte[]> CreateProducer()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            ClientId = ClientId,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        };
        foreach (var (key, value) in settings.Producer) config.Set(key, value);
        return new ProducerBuilder<string, byte[]>(config).Build();
    }

    /// <summary>The consumer of the node's group, for <see cref="KafkaConsumer.CommittableSource"/>.</summary>
    public ConsumerSettings Consumer()
    {
        var consumer = ConsumerSettings.Create(kafka.BootstrapServers, settings.GroupId);
        consumer.Config.ClientId = ClientId;
        // The embedded (mock) broker answers a fetch only when fetch.wait.max.ms expires, not when data arrives:
        // with the default 500 ms every record would wait a quarter of a second on average.
        if (kafka.IsEmbedded) consumer.Config.FetchWaitMaxMs = 10;
        foreach (var (key, value) in settings.Consumer) consumer.Config.Set(key, value);
        return consumer;
    }

    /// <summary>
    /// A consumer for a plane (trust, ops): <see cref="Consumer"/> with <see cref="KafkaSettings.PlaneConsumer"/> set on
    /// top. A plane batches for up to a second before it counts or stores, so it need not fetch as often as the
    /// payment stream: every fetch answered costs the node and the broker CPU, however few records it carries.
    /// </summary>
    public ConsumerSettings PlaneConsumer()
    {
        var consumer = Consumer();
        foreach (var (key, value) in settings.PlaneConsumer) consumer.Config.Set(key, value);
        return consumer;
    }
}
