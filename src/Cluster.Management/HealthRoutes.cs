using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Management;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/ready</c>: every <see cref="IReadinessCheck"/> holds (503 and the failed
/// checks otherwise). <c>/metrics</c>: every <see cref="IMetricsSource"/>, in the Prometheus text format.
/// </summary>
public sealed class HealthRoutes : IManagementRoutes
{
    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var json = ManagementJsonContext.Default;
        app.MapGet(ManagementPaths.Healthz, () => ManagementResults.Json(HealthResponse.Alive, json.HealthResponse));

        app.MapGet(ManagementPaths.Ready, async (CancellationToken cancellation) =>
        {
            var readiness = await Readiness.Evaluate(host.GetServices<IReadinessCheck>(), cancellation);
            return ManagementResults.Json(readiness, json.ReadinessResponse,
                readiness.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        app.MapGet(ManagementPaths.Metrics, async (CancellationToken cancellation) =>
        {
            var writer = new PrometheusWriter();
            foreach (var source in host.GetServices<IMetricsSource>()) await source.Write(writer, cancellation);
            return Results.Text(writer.ToString(), PrometheusWriter.ContentType);
        });
    }
}
