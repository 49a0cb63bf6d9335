namespace Akka.Payments.Node.Ops;

/// <summary>How the ops plane stores and replays dead letters (<c>Payments:Ops:*</c>).</summary>
public sealed record DeadLetterStoreSettings
{
    public static DeadLetterStoreSettings Default { get; } = new();

    /// <summary>
    /// The store keeps at most this many dead letters (<c>MaxStored</c>): beyond it the oldest are forgotten (those a
    /// running replay has still to send excepted), counted, and left on <c>payments.dlq</c> for its retention. Without a
    /// bound a flood of bad records would grow the singleton's memory, and every one of its snapshots, for ever.
    /// </summary>
    public int MaxStored { get; init; } = DefaultMaxStored;

    public const int DefaultMaxStored = 10_000;

    /// <summary>A dead letter is replayed at most this many times (<c>MaxReplays</c>).</summary>
    public int MaxReplays { get; init; } = 3;

    /// <summary>Records per second of a replay unless it names its own rate (<c>ReplayRate</c>).</summary>
    public int ReplayRate { get; init; } = 50;

    /// <summary>At most this many dead letters are stored, and journaled, as one batch (<c>MaxBatch</c>).</summary>
    public int MaxBatch { get; init; } = 200;

    /// <summary>The longest a batch of dead letters waits before it is stored (<c>BatchWait</c>).</summary>
    public TimeSpan BatchWait { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A snapshot after this many journal events; the events before it are deleted (<c>SnapshotEvery</c>).</summary>
    public int SnapshotEvery { get; init; } = 200;

    /// <summary>The consumer group the ops plane commits its read offsets to (<c>GroupId</c>).</summary>
    public string GroupId { get; init; } = "payments-ops";
}
