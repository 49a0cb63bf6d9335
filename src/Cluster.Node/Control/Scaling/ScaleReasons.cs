namespace Akka.Payments.Node.Control.Scaling;

/// <summary>Why the control plane changed the number of payment nodes (<see cref="ScaleDecision.Reason"/>).</summary>
public static class ScaleReasons
{
    /// <summary>The lag, in seconds of the recent consume rate, stayed above
    /// <see cref="ScalePolicySettings.ScaleOutLagSeconds"/> for <see cref="ScalePolicySettings.ScaleOutSamples"/>
    /// samples.</summary>
    public const string LagSeconds = "lag_seconds";

    /// <summary>The lag grew at each of <see cref="ScalePolicySettings.ScaleOutSamples"/> samples in a row.</summary>
    public const string LagGrowing = "lag_growing";

    /// <summary>Lag near zero and low utilisation for <see cref="ScalePolicySettings.ScaleInSamples"/> samples.</summary>
    public const string Idle = "idle";

    /// <summary>The node count was outside <see cref="ScalePolicySettings.MinNodes"/>, <see cref="ScalePolicySettings.MaxNodes"/>
    /// or the number of input partitions.</summary>
    public const string Bounds = "bounds";

    /// <summary>An operator asked for a number of nodes (<c>payctl control scale</c>); not the policy's.</summary>
    public const string Manual = "manual";
}
