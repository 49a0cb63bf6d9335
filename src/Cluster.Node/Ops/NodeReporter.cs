using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Shared.Ops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// Tells the ops singleton, every <see cref="OpsSettings.ReportEvery"/> from the start, how this node is: its readiness
/// (the checks of its <c>/ready</c>) and its count of Akka dead letters (<see cref="NodeReport"/>). The singleton's
/// proxy holds reports while the singleton moves; a report that finds no singleton is simply replaced by the next.
/// </summary>
public sealed class NodeReporter(
    ActorSystem system,
    IRequiredActor<OpsPlane> ops,
    IEnumerable<IReadinessCheck> checks,
    AkkaDeadLetters deadLetters,
    OpsSettings settings,
    ILogger<NodeReporter> log) : BackgroundService
{
    private readonly IReadOnlyList<IReadinessCheck> _checks = checks.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var proxy = await ops.GetAsync(stoppingToken);
        var node = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
        using var timer = new PeriodicTimer(settings.ReportEvery);
        do
        {
            try
            {
                var readiness = await Readiness.Evaluate(_checks, stoppingToken);
                proxy.Tell(new NodeReport(node, DateTimeOffset.UtcNow, readiness, deadLetters.Report(node)), ActorRefs.NoSender);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Reporting this node's health to the ops plane failed; trying again in {Interval}", settings.ReportEvery);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
