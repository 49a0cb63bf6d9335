namespace Akka.Payments.Node.Trust;

/// <summary>How the trust plane cuts time into windows and how long it waits and remembers. Bound from
/// <c>Payments:Trust</c> (the binding comes with the actor).</summary>
/// <param name="Window">Length of a tumbling window on <c>processedAt</c>, aligned to the Unix epoch
/// (<c>Payments__Trust__Window</c>, default 1 minute).</param>
/// <param name="Sla">An outcome whose end-to-end latency is over this is an SLA miss (<c>Payments__Trust__Sla</c>,
/// default 2 s).</param>
/// <param name="Lateness">The watermark trails the highest <c>processedAt</c> seen by this much; a window closes
/// when the watermark reaches its end (<c>Payments__Trust__Lateness</c>, default 10 s).</param>
/// <param name="IdleClose">When no record has arrived for this long by the wall clock (seen through
/// <see cref="TrustState.Tick"/>), windows close by the wall clock instead: every open window ending at or before
/// <c>now - Lateness</c> (<c>Payments__Trust__IdleClose</c>, default 30 s).</param>
/// <param name="Horizon">How far behind the highest <c>processedAt</c> outcome ids are remembered for deduplication
/// and closed windows are kept for restatement (<c>Payments__Trust__Horizon</c>, default 10 minutes). A record older
/// than that is not counted (see <see cref="TrustState.Expired"/>): a re-emitted outcome carries its first
/// <c>processedAt</c>, so such a record is almost surely a replayed duplicate that can no longer be recognised.
/// Memory grows with the outcome rate times the horizon (one id and one timestamp per outcome).</param>
/// <param name="History">How many closed windows are kept once behind the horizon, for <c>trust windows</c> and
/// <c>trust totals --since</c> (<c>Payments__Trust__History</c>, default 60). Older windows are on
/// <c>payments.metrics</c>.</param>
/// <param name="TickInterval">How often the wall clock ticks (idle close, restatements) and at most how long a batch
/// of records waits before it is counted (<c>Payments__Trust__TickInterval</c>, default 1 s).</param>
/// <param name="MaxBatch">At most this many records are counted (and journaled) as one batch
/// (<c>Payments__Trust__MaxBatch</c>, default 500).</param>
/// <param name="SnapshotEvery">A snapshot is saved after this many journal events, and the events before it are
/// deleted (<c>Payments__Trust__SnapshotEvery</c>, default 200).</param>
public sealed record TrustSettings(
    TimeSpan Window = default,
    TimeSpan Sla = default,
    TimeSpan Lateness = default,
    TimeSpan IdleClose = default,
    TimeSpan Horizon = default,
    int History = 0,
    TimeSpan TickInterval = default,
    int MaxBatch = 0,
    int SnapshotEvery = 0)
{
    public TimeSpan Window { get; init; } = Window == default ? TimeSpan.FromMinutes(1) : Window;
    public TimeSpan Sla { get; init; } = Sla == default ? TimeSpan.FromSeconds(2) : Sla;
    public TimeSpan Lateness { get; init; } = Lateness == default ? TimeSpan.FromSeconds(10) : Lateness;
    public TimeSpan IdleClose { get; init; } = IdleClose == default ? TimeSpan.FromSeconds(30) : IdleClose;
    public TimeSpan Horizon { get; init; } = Horizon == default ? TimeSpan.FromMinutes(10) : Horizon;
    public int History { get; init; } = History == 0 ? 60 : History;
    public TimeSpan TickInterval { get; init; } = TickInterval == default ? TimeSpan.FromSeconds(1) : TickInterval;
    public int MaxBatch { get; init; } = MaxBatch == 0 ? 500 : MaxBatch;
    public int SnapshotEvery { get; init; } = SnapshotEvery == 0 ? 200 : SnapshotEvery;

    public static TrustSettings Default { get; } = new();

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
