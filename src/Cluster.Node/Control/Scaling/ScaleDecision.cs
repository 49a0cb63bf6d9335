namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// The control plane's decision to run <see cref="To"/> payment nodes instead of <see cref="From"/>; published as
/// <c>payments.scale.decided.v1</c> and handed to the actuator.
/// </summary>
/// <param name="At">The time of the sample that decided.</param>
/// <param name="From">The payment nodes up at that sample.</param>
/// <param name="To">The payment nodes wanted.</param>
/// <param name="Reason">One of <see cref="ScaleReasons"/>.</param>
/// <param name="Signals">What the policy read at that sample, with the counters that led to the decision.</param>
public sealed record ScaleDecision(DateTimeOffset At, int From, int To, string Reason, ScaleSignals Signals);
