using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Node.Pipeline;
using Akka.Payments.Shared.Control;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// Tells the scaler, every <see cref="ScalerSettings.ReportEvery"/>, how much this node does: input records finished per
/// second (decided or dead-lettered, from <see cref="StreamMetrics"/>), records in flight, the input partitions its
/// consumer owns and the process's share of the machine's CPU. The proxy holds reports while the singleton moves; a
/// report that finds no singleton is replaced by the next.
/// </summary>
public sealed class SignalsReporter(
    ActorSystem system,
    IRequiredActor<ScalerPlane> scaler,
    IServiceProvider services,
    ScalerSettings settings,
    ILogger<SignalsReporter> log) : BackgroundService
{
    private readonly SignalsMeter _meter = new(Environment.ProcessorCount);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var proxy = await scaler.GetAsync(stoppingToken);
        var node = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
        var metrics = services.GetService<StreamMetrics>();
        var stream = services.GetService<PaymentStreamService>();
        using var process = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(settings.ReportEvery);
        do
        {
            try
            {
                process.Refresh();
                var partitions = stream?.Assignment.Select(tp => $"{tp.Topic}/{tp.Partition.Value}").Order(StringComparer.Ordinal).ToList() ?? [];
                var signals = _meter.Read(node, DateTimeOffset.UtcNow, metrics?.Total ?? 0, process.TotalProcessorTime, metrics?.InFlight ?? 0, partitions);
                proxy.Tell(new ReportScaleSignals(signals), ActorRefs.NoSender);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Reporting this node's signals to the scaler failed; trying again in {Interval}", settings.ReportEvery);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
