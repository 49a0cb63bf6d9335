using Akka.Payments.Shared.Events;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>The default actuator: logs each decision and changes nothing (the decision is still journaled and
/// published on <c>payments.control</c>, for an operator or an outside orchestrator to act on).</summary>
public sealed class LogActuator(ILogger<LogActuator> log) : IScaleActuator
{
    public const string Name = "log";

    string IScaleActuator.Name => Name;

    public Task Scale(int from, int to, ScaleDecided why)
    {
        log.LogInformation("Scale decision {Id}: {From} -> {To} payment nodes ({Reason}, by {By}); the log actuator changes nothing",
            why.Id, from, to, why.Reason, why.By);
        return Task.CompletedTask;
    }
}
