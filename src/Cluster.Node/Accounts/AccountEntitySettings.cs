namespace Akka.Payments.Node.Accounts;

/// <summary>How account entities persist. Bound from <c>Payments:Accounts</c>.</summary>
/// <param name="SnapshotEvery">Save a snapshot after this many events (<c>Payments__Accounts__SnapshotEvery</c>).</param>
/// <param name="DedupWindow">How many recent requests per account are remembered for duplicates.</param>
public sealed record AccountEntitySettings(int SnapshotEvery = 1_000, int DedupWindow = DeduplicationWindow.DefaultCapacity)
{
    public static AccountEntitySettings Default { get; } = new();
}
