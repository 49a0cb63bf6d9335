namespace Akka.Payments.Node.Trust;

/// <summary>How the trust plane cuts time into windows, how long it waits and remembers, and how it reads and
/// journals (<c>Payments:Trust:*</c>).</summary>
public sealed record TrustSettings
{
    public static TrustSettings Default { get; } = new();

    /// <summary>Length of a tumbling window on <c>processedAt</c>, aligned to the Unix epoch (<c>Window</c>).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>An outcome whose end-to-end latency is over this is an SLA miss (<c>Sla</c>).</summary>
    public TimeSpan Sla { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The watermark trails the highest <c>processedAt</c> seen by this much; a window closes when the
    /// watermark reaches its end (<c>Lateness</c>).</summary>
    public TimeSpan Lateness { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When no record has arrived for this long by the wall clock (seen through
    /// <see cref="TrustState.Tick"/>), windows close by the wall clock instead: every open window ending at or before
    /// <c>now - Lateness</c> (<c>IdleClose</c>).</summary>
    public TimeSpan IdleClose { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How far behind the highest <c>processedAt</c> outcome ids are remembered for deduplication and closed
    /// windows are kept for restatement (<c>Horizon</c>). A record older than that is not counted (see
    /// <see cref="TrustState.Expired"/>): a re-emitted outcome carries its first <c>processedAt</c>, so such a record
    /// is almost surely a replayed duplicate that can no longer be recognised. Memory grows with the outcome rate
    /// times the horizon (one id and one timestamp per outcome).</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many closed windows are kept once behind the horizon, for <c>trust windows</c> and
    /// <c>trust totals --since</c> (<c>History</c>). Older windows are on <c>payments.metrics</c>.</summary>
    public int History { get; init; } = 60;

    /// <summary>How often the wall clock ticks (idle close, restatements), and at most how long a batch of records
    /// waits before it is counted (<c>TickInterval</c>).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many records are counted, and journaled, as one batch (<c>MaxBatch</c>).</summary>
    public int MaxBatch { get; init; } = 500;

    /// <summary>A snapshot is saved after this many journal events, and the events it covers are deleted
    /// (<c>SnapshotEvery</c>).</summary>
    public int SnapshotEvery { get; init; } = 200;

    /// <summary>The consumer group that the trust plane commits its read offsets to (<c>GroupId</c>). Its journal,
    /// not the group, says where it resumes; the group shows its lag.</summary>
    public string GroupId { get; init; } = "payments-trust";

    /// <summary>Throws when the settings cannot work together: the horizon must cover a whole window plus the
    /// lateness, or a window could be forgotten before it closes.</summary>
    public TrustSettings Validate()
    {
        if (Window <= TimeSpan.Zero) throw new ArgumentException($"Trust Window must be positive, was {Window}");
        if (Sla <= TimeSpan.Zero) throw new ArgumentException($"Trust Sla must be positive, was {Sla}");
        if (Lateness < TimeSpan.Zero) throw new ArgumentException($"Trust Lateness must not be negative, was {Lateness}");
        if (IdleClose <= TimeSpan.Zero) throw new ArgumentException($"Trust IdleClose must be positive, was {IdleClose}");
        if (History < 0) throw new ArgumentException($"Trust History must not be negative, was {History}");
        if (TickInterval <= TimeSpan.Zero) throw new ArgumentException($"Trust TickInterval must be positive, was {TickInterval}");
        if (MaxBatch <= 0) throw new ArgumentException($"Trust MaxBatch must be positive, was {MaxBatch}");
        if (SnapshotEvery <= 0) throw new ArgumentException($"Trust SnapshotEvery must be positive, was {SnapshotEvery}");
        if (Horizon < Window + Lateness)
            throw new ArgumentException($"Trust Horizon ({Horizon}) must be at least Window + Lateness ({Window + Lateness})");
        return this;
    }
}
