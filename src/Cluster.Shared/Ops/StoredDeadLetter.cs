using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Shared.Ops;

/// <summary>A Kafka header as it was: its name and its bytes.</summary>
public sealed record RecordHeader(string Key, byte[] Value);

/// <summary>
/// A dead letter as the ops plane keeps it: what was rejected, why, and everything needed to send it back.
/// </summary>
/// <param name="Id">Stable and readable: the original record's coordinates, <c>payments.requested-3-42</c> (from
/// <c>dlq_source</c>), or the dead letter's own when it has none.</param>
/// <param name="Position">Where the dead letter itself is on <c>payments.dlq</c>.</param>
/// <param name="Source"><c>dlq_source</c>: <c>topic/partition/offset</c> of the rejected record; empty when missing.</param>
/// <param name="Headers">The original record's headers, without the <c>dlq_*</c> ones.</param>
/// <param name="Value">The original value, or the first part of it when <paramref name="Truncated"/>: then the whole
/// original is at <paramref name="Source"/>.</param>
/// <param name="FirstSeen"><c>dlq_time</c>: when the pipeline rejected it.</param>
public sealed record StoredDeadLetter(
    string Id,
    RecordPosition Position,
    string Reason,
    string Error,
    string Source,
    string? Key,
    IReadOnlyList<RecordHeader> Headers,
    byte[] Value,
    bool Truncated,
    long? OriginalBytes,
    DateTimeOffset FirstSeen);

/// <summary>One record of <c>payments.dlq</c>, as read: a dead letter, or a record the ops plane could not read
/// (<paramref name="DeadLetter"/> null), which only covers its offset.</summary>
/// <param name="ReplayOf">When the rejected record was itself a replay (<c>dlq_replay_id</c>): the id it replayed,
/// and <paramref name="ReplayAttempt"/> its attempt. Such a dead letter is the same dead letter failing again, not a
/// new one.</param>
/// <param name="ReplayJob">The job of that replay (<c>dlq_replay_job</c>); null in dead letters of older replays.</param>
public sealed record DeadLetterRead(RecordPosition Position, StoredDeadLetter? DeadLetter, string? ReplayOf, int ReplayAttempt, string? ReplayJob = null);
