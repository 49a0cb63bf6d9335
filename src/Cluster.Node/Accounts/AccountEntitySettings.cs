using Akka.Payments.Node.Accounts.Idempotency;

namespace Akka.Payments.Node.Accounts;

/// <summary>How account entities persist and remember. Bound from <c>Payments:Accounts</c>.</summary>
/// <param name="SnapshotEvery">Save a snapshot after this many events (<c>Payments__Accounts__SnapshotEvery</c>).</param>
/// <param name="DedupWindow">How many recent requests per account are answered from memory when they come again
/// (<c>Payments__Accounts__DedupWindow</c>).</param>
/// <param name="IdempotencyRetention">How long a decided payment or credit id is recognised, however many requests
/// the account had since (<c>Payments__Accounts__IdempotencyRetention</c>).</param>
public sealed record AccountEntitySettings(
    int SnapshotEvery = 1_000,
    int DedupWindow = DeduplicationWindow.DefaultCapacity,
    TimeSpan IdempotencyRetention = default)
{
    public TimeSpan IdempotencyRetention { get; init; } =
        IdempotencyRetention == default ? AccountState.DefaultIdempotencyRetention : IdempotencyRetention;

    public static AccountEntitySettings Default { get; } = new();
}
