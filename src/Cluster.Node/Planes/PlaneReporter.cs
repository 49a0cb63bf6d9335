using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Planes;

/// <summary>
/// Tells a plane's singleton, through this node's proxy, a report of this node from the start and then every
/// <paramref name="every"/>. The proxy holds reports while the singleton moves; a report that finds no singleton, or
/// could not be made, is replaced by the next.
/// </summary>
/// <param name="what">What is reported, for the log line of a failed report ("health to the ops plane").</param>
public abstract class PlaneReporter<TPlane>(ActorSystem system, IRequiredActor<TPlane> plane, TimeSpan every, ILogger log, string what)
    : BackgroundService
{
    /// <summary>The report of this node, named by its cluster address.</summary>
    protected abstract Task<object> Report(string node, CancellationToken cancellation);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var proxy = await plane.GetAsync(stoppingToken);
        var node = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
        using var timer = new PeriodicTimer(every);
        do
        {
            try
            {
                proxy.Tell(await Report(node, stoppingToken), ActorRefs.NoSender);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Reporting this node's {What} failed; trying again in {Interval}", what, every);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
