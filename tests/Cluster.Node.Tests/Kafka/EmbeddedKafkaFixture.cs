using Akka.Payments.Node.Kafka.Embedded;

namespace Akka.Payments.Node.Tests.Kafka;

/// <summary>One embedded Kafka for every Kafka spec; each test uses its own topics and groups.</summary>
public sealed class EmbeddedKafkaFixture : IDisposable
{
    private int _counter;

    public EmbeddedKafka Kafka { get; } = EmbeddedKafka.Start(brokers: 3);

    public string BootstrapServers => Kafka.BootstrapServers;

    /// <summary>A topic name unique to this run, created with the given partition count.</summary>
    public string NewTopic(string prefix, int partitions)
    {
        var topic = $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}";
        Kafka.CreateTopic(topic, partitions);
        return topic;
    }

    public string NewGroup(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public void Dispose() => Kafka.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EmbeddedKafkaCollection : ICollectionFixture<EmbeddedKafkaFixture>
{
    public const string Name = "embedded-kafka";
}
