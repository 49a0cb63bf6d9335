namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// The consumer group's position on one input partition as the control plane reads it (end offsets minus committed,
/// as <c>KafkaInspector</c> does).
/// </summary>
/// <param name="Topic">The input topic.</param>
/// <param name="Partition">The partition number.</param>
/// <param name="End">The partition's end offset (the next offset to be written).</param>
/// <param name="Committed">The group's committed offset; null when the group never committed on this partition.</param>
/// <param name="Lag">Records not yet consumed: <c>End - Committed</c>, or every retained record without a commit.</param>
public sealed record PartitionLag(string Topic, int Partition, long End, long? Committed, long Lag)
{
    /// <summary>The partition as <c>topic/partition</c>, the form <see cref="NodeSignals.Partitions"/> uses.</summary>
    public string Key => $"{Topic}/{Partition}";
}
