using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// Makes a scaling decision happen (<c>Payments:Control:Actuator</c>). The scaler calls it once per decision, after the
/// decision is journaled; the task completes when the change was made (a process started, or asked to stop), not when
/// the cluster has settled: the policy's cooldown covers that.
/// </summary>
public interface IScaleActuator
{
    /// <summary>The name <c>Payments:Control:Actuator</c> gives it.</summary>
    string Name { get; }

    /// <summary>Go from <paramref name="from"/> payment nodes to <paramref name="to"/>, for the reason
    /// <paramref name="why"/> gives.</summary>
    Task Scale(int from, int to, ScaleDecided why);
}
