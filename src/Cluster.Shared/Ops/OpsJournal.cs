using System.Text.Json.Serialization;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Serialization;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Shared.Ops;

/// <summary>An event the ops plane writes to its journal; replaying them through the pure state gives it back.</summary>
/// <remarks>Discriminators equal the serializer manifests: stable names, never CLR type names.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(DeadLettersRead), PaymentsManifests.OpsDeadLettersRead)]
[JsonDerivedType(typeof(DeadLettersPurged), PaymentsManifests.OpsDeadLettersPurged)]
[JsonDerivedType(typeof(ReplayScheduled), PaymentsManifests.OpsReplayScheduled)]
[JsonDerivedType(typeof(ReplayProduced), PaymentsManifests.OpsReplayProduced)]
[JsonDerivedType(typeof(ReplayEnded), PaymentsManifests.OpsReplayEnded)]
[JsonDerivedType(typeof(AuditRecorded), PaymentsManifests.OpsAuditRecorded)]
public interface IOpsEvent;

/// <summary>A batch of <c>payments.dlq</c> records, stored in order; their offsets are in their positions.</summary>
public sealed record DeadLettersRead(IReadOnlyList<DeadLetterRead> Records) : IOpsEvent;

/// <summary>Dead letters an operator purged: kept, marked purged, never replayed.</summary>
public sealed record DeadLettersPurged(IReadOnlyList<string> Ids, string Reason, string By, DateTimeOffset At) : IOpsEvent;

/// <summary>A replay was accepted: these dead letters, in this order, at this rate.</summary>
/// <param name="CorrectedValue">The value to send instead of each stored one (<c>--value-file</c>), or null.</param>
public sealed record ReplayScheduled(
    string JobId, IReadOnlyList<string> Ids, double RatePerSecond, byte[]? CorrectedValue, string By, DateTimeOffset At) : IOpsEvent;

/// <summary>One dead letter of a job was produced to <c>payments.requested</c> (Kafka acknowledged it) as attempt
/// <paramref name="Attempt"/>.</summary>
public sealed record ReplayProduced(string JobId, string Id, int Attempt, DateTimeOffset At) : IOpsEvent;

/// <summary>A job ended: every record produced, or <paramref name="Why"/> it stopped.</summary>
public sealed record ReplayEnded(string JobId, string Why, DateTimeOffset At) : IOpsEvent;

/// <summary>A mutating management command, appended to the audit trail.</summary>
public sealed record AuditRecorded(AuditEntry Entry) : IOpsEvent;

/// <summary>The ops plane's snapshot.</summary>
/// <param name="Audit">The whole audit trail, oldest first (v1 snapshots have none).</param>
/// <param name="Forgotten">Dead letters forgotten beyond the store's bound (<c>Payments:Ops:MaxStored</c>) so far;
/// older snapshots have none, and it is written only when not 0, so a store that never forgot writes the v1 form.</param>
public sealed record OpsSnapshot(
    IReadOnlyList<DeadLetterEntry> DeadLetters,
    IReadOnlyList<ReplayJob> Jobs,
    IReadOnlyList<PartitionOffset> Offsets,
    long Unreadable,
    IReadOnlyList<AuditEntry>? Audit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long Forgotten = 0);

/// <summary>A stored dead letter with what happened to it since.</summary>
/// <param name="Status"><c>new</c>, <c>replayed</c> (produced again; its outcome is on <c>payments.processed</c>
/// unless it failed again) or <c>purged</c>.</param>
/// <param name="Attempts">Its replays, oldest first.</param>
public sealed record DeadLetterEntry(
    StoredDeadLetter DeadLetter,
    string Status,
    IReadOnlyList<ReplayAttempt> Attempts,
    string? PurgeReason);

/// <summary>One replay of a dead letter.</summary>
/// <param name="FailedAgain">Set when the replayed record was dead-lettered again: the new reason and error.</param>
public sealed record ReplayAttempt(int Attempt, string JobId, DateTimeOffset At, bool Corrected, string? FailedAgain);

/// <summary>A replay job and how far it got.</summary>
public sealed record ReplayJob(
    string JobId,
    IReadOnlyList<string> Ids,
    double RatePerSecond,
    byte[]? CorrectedValue,
    string By,
    DateTimeOffset At,
    int Produced,
    string? Ended);
