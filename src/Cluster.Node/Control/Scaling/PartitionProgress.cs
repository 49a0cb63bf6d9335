namespace Akka.Payments.Node.Control.Scaling;

/// <summary>What <see cref="ScalePolicyState"/> remembers of one partition, to find the ones that do not drain.</summary>
/// <param name="Committed">The committed offset at the last sample.</param>
/// <param name="Lag">The lag at the last sample.</param>
/// <param name="Since">The first sample that saw this committed offset.</param>
/// <param name="MovedAt">The last sample at which the committed offset changed; null when it was never seen to change.</param>
public sealed record PartitionProgress(long? Committed, long Lag, DateTimeOffset Since, DateTimeOffset? MovedAt);
