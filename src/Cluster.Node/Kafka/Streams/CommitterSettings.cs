namespace Akka.Payments.Node.Kafka.Streams;

/// <summary>
/// Batching of <see cref="KafkaCommitter"/>: a batch is committed when it holds <see cref="MaxBatch"/> offsets or
/// <see cref="MaxInterval"/> passed since its first offset, whichever comes first.
/// </summary>
public sealed record CommitterSettings
{
    public static readonly CommitterSettings Default = new();

    public int MaxBatch { get; init; } = 1000;

    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(1);
}
