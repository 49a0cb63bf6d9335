namespace Akka.Payments.Shared.Trust;

/// <summary>Where a record was read: its Kafka topic, partition and offset.</summary>
public sealed record RecordPosition(string Topic, int Partition, long Offset)
{
    public override string ToString() => $"{Topic}/{Partition}/{Offset}";
}

/// <summary>The next offset the trust state will count in one partition: every record below it is already counted.</summary>
public sealed record PartitionOffset(string Topic, int Partition, long NextOffset);
