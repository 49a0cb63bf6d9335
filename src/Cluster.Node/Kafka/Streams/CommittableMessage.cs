using Akka.Payments.Node.Kafka.Streams.Internal;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.Streams;

/// <summary>A record from <see cref="KafkaConsumer.CommittableSource"/> and the offset to commit once it is processed.</summary>
/// <param name="Revoked">
/// Cancelled when this consumer's assignment of the record's partition ends (revoked after the bounded revoke
/// drain, lost, or the consumer closed): the record now belongs to the partition's next owner, who reads it again
/// from the last commit. Work still in flight for it is pointless; its offset will not be committed by this consumer.
/// </param>
public sealed record CommittableMessage(ConsumeResult<string, byte[]> Record, ICommittableOffset Offset, CancellationToken Revoked = default);

/// <summary>
/// The position of one consumed record. Committing it commits <c>Offset + 1</c> for its partition in the group of
/// the consumer that read it — only while that consumer still owns the partition.
/// </summary>
public interface ICommittableOffset
{
    string Topic { get; }
    int Partition { get; }
    long Offset { get; }
}

/// <summary>
/// <paramref name="Epoch"/> identifies one assignment of the partition to this consumer: offsets of an earlier
/// assignment are never committed after the partition was revoked.
/// </summary>
internal sealed record CommittableOffset(TopicPartition TopicPartition, long Offset, long Epoch, ConsumerLoop Consumer)
    : ICommittableOffset
{
    public string Topic => TopicPartition.Topic;
    public int Partition => TopicPartition.Partition.Value;
    public override string ToString() => $"{Topic}[{Partition}]@{Offset} (epoch {Epoch})";
}
