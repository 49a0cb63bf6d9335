namespace Akka.Payments.Node.Control.Scaling;

/// <summary>What <see cref="ScalePolicy.Decide"/> returns for one sample.</summary>
/// <param name="Next">The state to keep for the next sample.</param>
/// <param name="Decision">The change to make; null when the node count stays.</param>
/// <param name="Stuck">The stuck partitions at this sample (reported, not scaled for).</param>
/// <param name="Signals">What the policy read from the sample.</param>
public sealed record ScaleStep(ScalePolicyState Next, ScaleDecision? Decision, IReadOnlyList<StuckPartition> Stuck, ScaleSignals Signals);
