namespace Akka.Payments.Node.Kafka.Streams;

/// <summary>
/// Batching of <see cref="KafkaCommitter"/>: a batch is committed when it holds <see cref="MaxBatch"/> offsets or
/// <see cref="MaxInterval"/> passed since its first offset, whichever comes first. These defaults are the node's
/// (<c>Payments:Stream:CommitBatch</c>, <c>Payments:Stream:CommitInterval</c>).
/// </summary>
public sealed record CommitterSettings
{
    public static readonly CommitterSettings Default = new();

    public int MaxBatch { get; init; } = 2000;

    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
