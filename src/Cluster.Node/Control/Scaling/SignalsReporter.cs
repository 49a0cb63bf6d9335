using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Node.Pipeline;
using Akka.Payments.Node.Planes;
using Akka.Payments.Shared.Control;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// Tells the scaler, every <see cref="ScalerSettings.ReportEvery"/>, how much this node does: input records finished per
/// second (decided or dead-lettered, from <see cref="StreamMetrics"/>), records in flight, the input partitions its
/// consumer owns and the process's share of the machine's CPU.
/// </summary>
public sealed class SignalsReporter(
    ActorSystem system,
    IRequiredActor<ScalerPlane> scaler,
    IServiceProvider services,
    ScalerSettings settings,
    ILogger<SignalsReporter> log) : PlaneReporter<ScalerPlane>(system, scaler, settings.ReportEvery, log, "signals to the scaler")
{
    private readonly SignalsMeter _meter = new(Environment.ProcessorCount);
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly StreamMetrics? _metrics = services.GetService<StreamMetrics>();
    private readonly PaymentStreamService? _stream = services.GetService<PaymentStreamService>();

    protected override Task<object> Report(string node, CancellationToken cancellation)
    {
        _process.Refresh();
        var partitions = _stream?.Assignment.Select(tp => $"{tp.Topic}/{tp.Partition.Value}").Order(StringComparer.Ordinal).ToList() ?? [];
        var signals = _meter.Read(node, DateTimeOffset.UtcNow, _metrics?.Total ?? 0, _process.TotalProcessorTime, _metrics?.InFlight ?? 0, partitions);
        return Task.FromResult<object>(new ReportScaleSignals(signals));
    }

    public override void Dispose()
    {
        _process.Dispose();
        base.Dispose();
    }
}
