using System.Text.Json.Serialization;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Accounts;

/// <summary>An event an account entity writes to its journal. Each one carries the outcome it replied with.</summary>
/// <remarks>Discriminators equal the serializer manifests: stable names, never CLR type names.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(CreditRecorded), PaymentsManifests.CreditRecorded)]
[JsonDerivedType(typeof(PaymentConfirmedRecorded), PaymentsManifests.PaymentConfirmedRecorded)]
[JsonDerivedType(typeof(PaymentDeclinedRecorded), PaymentsManifests.PaymentDeclinedRecorded)]
public interface IAccountEvent
{
    IOutcomeEvent Outcome { get; }
}

/// <summary>A credit was applied.</summary>
public sealed record CreditRecorded(CreditApplied Outcome) : IAccountEvent
{
    IOutcomeEvent IAccountEvent.Outcome => Outcome;
}

/// <summary>A payment was confirmed; <see cref="RequestedAt"/> feeds the velocity and daily-limit rules.</summary>
public sealed record PaymentConfirmedRecorded(PaymentConfirmed Outcome, DateTimeOffset RequestedAt) : IAccountEvent
{
    IOutcomeEvent IAccountEvent.Outcome => Outcome;
}

/// <summary>A payment was declined; kept so that a redelivery gets the same answer.</summary>
public sealed record PaymentDeclinedRecorded(PaymentDeclined Outcome) : IAccountEvent
{
    IOutcomeEvent IAccountEvent.Outcome => Outcome;
}

/// <summary>The confirmed total of one currency on one UTC day.</summary>
public sealed record DailyTotal(string Currency, DateOnly Day, decimal Total);

/// <summary>A snapshot of an account's state, taken every N events.</summary>
/// <param name="RecentConfirmedAt">requestedAt of the confirmed payments still inside the velocity horizon, as JSON
/// text: how snapshots before <c>journal.snapshot.v3</c> carry them (empty in the node's v3 snapshots).</param>
/// <param name="RecentEvents">Recent events, oldest first, that the request index does not hold: in
/// <c>journal.snapshot.v1</c> the whole recent window (the window in which duplicates are answered from memory); since
/// <c>journal.snapshot.v2</c> only the events an account recovered from a snapshot written before durable idempotency
/// still holds in its window (usually none). The window's other events are in the journal and the index already, and
/// rewriting them into every snapshot made a busy account's snapshot hundreds of kilobytes.</param>
/// <param name="RequestFilter">The probabilistic filter of every request id decided within the idempotency
/// retention, per UTC day. Absent in snapshots written before durable idempotency: such an account's filter starts
/// empty and covers the requests decided from then on.</param>
/// <param name="UnindexedRecent">How many <see cref="RecentEvents"/> the request index lacks: all of them in a v2
/// snapshot; absent (null) in v1, where only a snapshot without a filter had such events.</param>
/// <param name="ConfirmedPacked">requestedAt of the confirmed payments still inside the velocity horizon as
/// <see cref="PackedTicks"/> (UTC), stored after the filter's bits since <c>journal.snapshot.v3</c>: a few bytes a
/// payment instead of about 35. Null in snapshots written before.</param>
public sealed record AccountSnapshot(
    string AccountId,
    IReadOnlyDictionary<string, decimal> Balances,
    IReadOnlyList<DailyTotal> DailyTotals,
    IReadOnlyList<DateTimeOffset> RecentConfirmedAt,
    IReadOnlyList<IAccountEvent> RecentEvents,
    long EventCount,
    IReadOnlyList<RequestFilterDay>? RequestFilter = null,
    int? UnindexedRecent = null,
    byte[]? ConfirmedPacked = null);

/// <summary>The request ids an account decided on one UTC day, as a scalable Bloom filter.</summary>
public sealed record RequestFilterDay(DateOnly Day, IReadOnlyList<RequestFilterStage> Stages);

/// <summary>One stage of a scalable Bloom filter: its capacity, how many ids it holds, and its bits (stored after the
/// snapshot's JSON since <c>journal.snapshot.v2</c>, see <c>AccountSnapshotLayout</c>).</summary>
/// <param name="SealedAt">The sequence number of the account's <see cref="RequestFilterStageSealed"/> event that holds
/// this stage's bits, once they can no longer change; a snapshot then stores no bits for the stage (its
/// <paramref name="Bits"/> are empty) and a recovering account reads them from that event.</param>
public sealed record RequestFilterStage(int Capacity, int Count, byte[] Bits, long? SealedAt = null);

/// <summary>
/// A stage of an account's request filter that can no longer change (it is full, or its day is over), journaled once
/// so that snapshots need not carry its bits again: stage <paramref name="Index"/> of the filter of
/// <paramref name="Day"/>. Not a decision: it has no outcome, takes no part in the request index, and is applied to
/// the filter only.
/// </summary>
public sealed record RequestFilterStageSealed(DateOnly Day, int Index, RequestFilterStage Stage);
