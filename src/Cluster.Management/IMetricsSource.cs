namespace Akka.Payments.Management;

/// <summary>Writes some metrics for <c>/metrics</c> in the Prometheus text format.</summary>
public interface IMetricsSource
{
    Task Write(PrometheusWriter writer, CancellationToken cancellation);
}
