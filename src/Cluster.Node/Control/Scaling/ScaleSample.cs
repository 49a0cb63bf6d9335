namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// One look of the control plane at the work: the latest report of each payment node, the group's lag per input
/// partition, how many input partitions there are and how many payment nodes are up. The sample carries the clock:
/// <see cref="ScalePolicy"/> reads no other. Samples are expected in time order.
/// </summary>
/// <param name="At">When the sample was taken.</param>
/// <param name="Nodes">The latest <see cref="NodeSignals"/> of each payment node (stale ones are ignored by the policy).</param>
/// <param name="Lag">The group's lag per input partition.</param>
/// <param name="InputPartitions">How many partitions the input topic has; 0 or less when unknown (then only
/// <see cref="ScalePolicySettings.MaxNodes"/> caps the count).</param>
/// <param name="CurrentNodes">How many payment nodes are up now.</param>
public sealed record ScaleSample(
    DateTimeOffset At,
    IReadOnlyList<NodeSignals> Nodes,
    IReadOnlyList<PartitionLag> Lag,
    int InputPartitions,
    int CurrentNodes);
