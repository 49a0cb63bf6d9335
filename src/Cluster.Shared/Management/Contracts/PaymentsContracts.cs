namespace Akka.Payments.Shared.Management.Contracts;

/// <summary><c>GET /payments/accounts/{id}</c>: an account as its entity sees it.</summary>
/// <param name="Events">Events in the account's journal.</param>
/// <param name="Today">The day <paramref name="ConfirmedToday"/> counts, <c>yyyy-MM-dd</c>.</param>
/// <param name="LastOutcomes">Newest first.</param>
public sealed record AccountResponse(
    string AccountId,
    long Events,
    IReadOnlyDictionary<string, decimal> Balances,
    string Today,
    IReadOnlyDictionary<string, decimal> ConfirmedToday,
    IReadOnlyList<AccountOutcome> LastOutcomes);

/// <param name="Outcome"><c>credit applied</c>, <c>confirmed</c> or <c>declined</c>.</param>
/// <param name="Id">The payment id or credit id.</param>
/// <param name="BalanceAfter">Set for credits and confirmed payments.</param>
/// <param name="Reason">Set for declined payments.</param>
public sealed record AccountOutcome(
    string Outcome,
    string Id,
    decimal Amount,
    string Currency,
    decimal? BalanceAfter,
    string? Reason,
    DateTimeOffset ProcessedAt);

/// <summary><c>GET /payments/lag</c>: per partition of the input topic, for the node's consumer group.</summary>
public sealed record LagResponse(string GroupId, IReadOnlyList<PartitionLag> Partitions, long Total);

/// <summary>Committed offset, end offset and lag of one partition; without a committed offset the lag counts every
/// retained record.</summary>
public sealed record PartitionLag(string Topic, int Partition, long? Committed, long End, long Lag);
