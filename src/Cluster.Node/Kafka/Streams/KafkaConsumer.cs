using Akka.Payments.Node.Kafka.Streams.Internal;
using Akka.Streams.Dsl;

namespace Akka.Payments.Node.Kafka.Streams;

/// <summary>Kafka sources over Confluent.Kafka, in the spirit of Alpakka Kafka.</summary>
public static class KafkaConsumer
{
    /// <summary>
    /// Subscribes to <paramref name="topics"/> in the settings' consumer group and emits records with their
    /// committable offsets, polling only as fast as downstream pulls (at most
    /// <see cref="ConsumerSettings.MaxBufferedRecords"/> records are held). Nothing is committed automatically:
    /// send <see cref="CommittableMessage.Offset"/> to <see cref="KafkaCommitter"/> once the record is processed.
    /// Records of revoked partitions that were not emitted yet are dropped (the new owner reads them).
    /// </summary>
    public static Source<CommittableMessage, IConsumerControl> CommittableSource(
        ConsumerSettings settings, IReadOnlyCollection<string> topics)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(topics);
        return Source.FromGraph(new CommittableSourceStage(settings, topics));
    }
}
