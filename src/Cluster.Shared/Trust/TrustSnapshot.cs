using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.Trust;

/// <summary>
/// Everything the trust plane's state holds, as plain data (System.Text.Json round-trips it): the kept windows, the
/// history of dropped ones, the totals, the next offset per partition, the remembered record ids, and the clocks.
/// Restoring it continues exactly where it was taken. Lists are sorted, so that equal states give equal snapshots.
/// </summary>
/// <param name="MaxAt">The highest record time counted so far (drives the watermark, the horizon and expiry).</param>
/// <param name="ClosedUpTo">Every window ending at or before this is closed.</param>
/// <param name="LastActivity">The wall clock of the last <see cref="TrustState.Tick"/> that saw records arrive.</param>
/// <param name="ForgottenBefore">The end of the newest window dropped out of the history: totals since an earlier
/// time are incomplete.</param>
/// <param name="RecordsSinceTick">Whether records arrived since the last tick.</param>
/// <param name="History">Closed windows dropped behind the horizon, latest revision, oldest first (bounded).</param>
/// <param name="Totals">Everything counted since the first record, as one window.</param>
/// <param name="Seen">The remembered record ids as text: only in snapshots taken before they were hashed (read, never
/// written any more).</param>
/// <param name="SeenPacked">The remembered record ids, hashed and packed (the trust plane's <c>SeenRecords</c> says
/// how); null in snapshots taken before.</param>
public sealed record TrustSnapshot(
    IReadOnlyList<TrustWindowSnapshot> Windows,
    IReadOnlyList<TrustWindowSnapshot> History,
    TrustWindowSnapshot? Totals,
    IReadOnlyList<PartitionOffset> Offsets,
    IReadOnlyList<SeenRecord> Seen,
    DateTimeOffset? MaxAt,
    DateTimeOffset? ClosedUpTo,
    DateTimeOffset? LastActivity,
    DateTimeOffset? ForgottenBefore,
    bool RecordsSinceTick,
    long Expired,
    long AlreadyCovered,
    long Unreadable,
    byte[]? SeenPacked = null);

/// <summary>One window's counters. <see cref="Revision"/> is 0 while the window is open.</summary>
/// <param name="Latency">The latency histogram as its recorded values (µs) with their counts, lowest first.</param>
public sealed record TrustWindowSnapshot(
    DateTimeOffset Start,
    DateTimeOffset End,
    int Revision,
    bool RestatementPending,
    IReadOnlyDictionary<string, CurrencyTotal> Confirmed,
    IReadOnlyDictionary<string, long> Declined,
    IReadOnlyDictionary<string, CurrencyTotal> Credits,
    IReadOnlyDictionary<string, long> DeadLetters,
    IReadOnlyList<LatencyBucket> Latency,
    long MaxLatencyMicros,
    long SlaMisses,
    long DuplicateOutcomes,
    long DuplicateDeadLetters,
    long LateRecords,
    long WithoutInputTime,
    long NegativeLatencies);

/// <summary><paramref name="Count"/> latencies recorded at <paramref name="Micros"/> (a histogram bucket's highest
/// equivalent value: recording it again lands in the same bucket).</summary>
public sealed record LatencyBucket(long Micros, long Count);

/// <summary>A deduplication key (an outcome's <c>ce_id</c>, a dead letter's source) and the time of its record, as
/// snapshots held them before the keys were hashed.</summary>
public sealed record SeenRecord(string Key, DateTimeOffset At);
