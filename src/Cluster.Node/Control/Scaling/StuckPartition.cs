namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// An input partition whose committed offset has not moved for <see cref="ScalePolicySettings.StuckAfter"/> while it
/// has lag and other partitions drain (their committed offsets moved within that time, or they have no lag): something
/// holds that partition (a record that cannot be
/// finished, a hung consumer), and more nodes would not help. Reported at every sample while it lasts; its lag is
/// left out of the scale-out signals.
/// </summary>
/// <param name="Topic">The input topic.</param>
/// <param name="Partition">The partition number.</param>
/// <param name="Committed">The committed offset that does not move; null when the group never committed.</param>
/// <param name="Lag">The partition's lag at the sample.</param>
/// <param name="Since">The first sample that saw this committed offset (the policy cannot know of earlier ones).</param>
/// <param name="For">How long the committed offset has not moved, as far as the policy saw.</param>
public sealed record StuckPartition(string Topic, int Partition, long? Committed, long Lag, DateTimeOffset Since, TimeSpan For);
