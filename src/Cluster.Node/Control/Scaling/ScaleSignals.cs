namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// What <see cref="ScalePolicy"/> read from one <see cref="ScaleSample"/>, for <c>control status</c> and for the
/// decision it led to.
/// </summary>
/// <param name="At">The sample's time.</param>
/// <param name="CurrentNodes">The payment nodes up at the sample.</param>
/// <param name="Floor">The fewest nodes allowed: <see cref="ScalePolicySettings.MinNodes"/>, but not above
/// <paramref name="Cap"/>.</param>
/// <param name="Cap">The most nodes allowed: <see cref="ScalePolicySettings.MaxNodes"/>, and not more than the input
/// partitions when their number is known.</param>
/// <param name="TotalLag">The lag of every input partition.</param>
/// <param name="HeldPartitions">Partitions with lag that do not drain while others do (held or stuck, see
/// <see cref="ScalePolicy"/>), left out of the signals.</param>
/// <param name="HeldLag">The part of <paramref name="TotalLag"/> on those partitions.</param>
/// <param name="Lag">The lag the policy scales for: <paramref name="TotalLag"/> minus <paramref name="HeldLag"/>.</param>
/// <param name="RecordsPerSecond">The recent consume rate: the sum of the fresh reports' rates.</param>
/// <param name="LagSeconds">How long <paramref name="Lag"/> takes to drain at <paramref name="RecordsPerSecond"/>: 0
/// without lag; <see cref="double.PositiveInfinity"/> when there is lag and nothing is consumed (a serializer must
/// allow named floating-point literals to write it).</param>
/// <param name="Utilisation">The fresh reports' mean CPU, 0 to 1; null without a fresh report.</param>
/// <param name="OverSamples">Samples in a row (this one included) with <paramref name="LagSeconds"/> above
/// <see cref="ScalePolicySettings.ScaleOutLagSeconds"/>.</param>
/// <param name="GrowingSamples">Samples in a row whose <paramref name="Lag"/> was larger than the sample's before, while
/// it was not near zero.</param>
/// <param name="IdleSamples">Samples in a row with lag near zero and low utilisation.</param>
/// <param name="CooldownUntil">Until when no change is made, when a cooldown runs; counters stay at 0 in it.</param>
public sealed record ScaleSignals(
    DateTimeOffset At,
    int CurrentNodes,
    int Floor,
    int Cap,
    long TotalLag,
    int HeldPartitions,
    long HeldLag,
    long Lag,
    double RecordsPerSecond,
    double LagSeconds,
    double? Utilisation,
    int OverSamples,
    int GrowingSamples,
    int IdleSamples,
    DateTimeOffset? CooldownUntil);
