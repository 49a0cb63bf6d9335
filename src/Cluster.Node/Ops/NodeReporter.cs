using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Planes;
using Akka.Payments.Shared.Ops;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// Tells the ops singleton, every <see cref="OpsSettings.ReportEvery"/> from the start, how this node is: its readiness
/// (the checks of its <c>/ready</c>) and its count of Akka dead letters (<see cref="NodeReport"/>).
/// </summary>
public sealed class NodeReporter(
    ActorSystem system,
    IRequiredActor<OpsPlane> ops,
    IEnumerable<IReadinessCheck> checks,
    AkkaDeadLetters deadLetters,
    OpsSettings settings,
    ILogger<NodeReporter> log) : PlaneReporter<OpsPlane>(system, ops, settings.ReportEvery, log, "health to the ops plane")
{
    private readonly IReadOnlyList<IReadinessCheck> _checks = checks.ToList();

    protected override async Task<object> Report(string node, CancellationToken cancellation)
    {
        var readiness = await Readiness.Evaluate(_checks, cancellation);
        return new NodeReport(node, DateTimeOffset.UtcNow, readiness, deadLetters.Report(node));
    }
}
