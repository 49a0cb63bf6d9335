namespace Akka.Payments.Node.Control.Scaling;

/// <summary>What <see cref="ScalePolicyState"/> remembers of one partition's committed offset, to find stuck ones.</summary>
/// <param name="Committed">The committed offset at the last sample.</param>
/// <param name="Since">The first sample that saw this committed offset.</param>
/// <param name="MovedAt">The last sample at which the committed offset changed; null when it was never seen to change.</param>
public sealed record PartitionProgress(long? Committed, DateTimeOffset Since, DateTimeOffset? MovedAt);
