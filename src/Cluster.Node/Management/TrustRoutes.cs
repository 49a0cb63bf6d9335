using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Trust;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>
/// The <c>trust</c> palette, asked of the trust singleton through this node's proxy (any node answers the same):
/// <c>GET /trust/windows?last=N</c>, <c>GET /trust/current</c>, <c>GET /trust/totals?since=T</c>. While the singleton
/// moves (a handover, or a crashed node not yet downed) the answer is 503.
/// </summary>
public sealed class TrustRoutes : IManagementRoutes
{
    public const int MaxWindows = 10_000;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var json = ManagementJsonContext.Default;

        app.MapGet(ManagementPaths.TrustWindows, async (HttpRequest request, CancellationToken cancellation) =>
        {
            var last = 10;
            if (request.Query[ManagementPaths.LastParameter] is { Count: > 0 } value
                && (!int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out last) || last is < 1 or > MaxWindows))
                return ManagementResults.Error($"{ManagementPaths.LastParameter} is a whole number from 1 to {MaxWindows}", StatusCodes.Status400BadRequest);
            return await Ask(host, new GetTrustWindows(last), json.TrustWindowsResponse, cancellation);
        });

        app.MapGet(ManagementPaths.TrustCurrent, (CancellationToken cancellation) =>
            Ask(host, new GetTrustCurrent(), json.TrustCurrentResponse, cancellation));

        app.MapGet(ManagementPaths.TrustTotals, async (HttpRequest request, CancellationToken cancellation) =>
        {
            DateTimeOffset? since = null;
            if (request.Query[ManagementPaths.SinceParameter] is { Count: > 0 } value)
            {
                if (!DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    return ManagementResults.Error($"{ManagementPaths.SinceParameter} is a time such as 2026-11-29T18:00:00Z", StatusCodes.Status400BadRequest);
                since = parsed;
            }
            return await Ask(host, new GetTrustTotals(since), json.TrustTotalsResponse, cancellation);
        });
    }

    private static async Task<IResult> Ask<T>(IServiceProvider host, ITrustQuery query, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellation)
    {
        var trust = await host.GetRequiredService<IRequiredActor<TrustPlane>>().GetAsync(cancellation);
        try
        {
            return ManagementResults.Json(await trust.Ask<T>(query, AskTimeout, cancellation), type);
        }
        catch (AskTimeoutException)
        {
            return ManagementResults.Error(
                $"the trust singleton did not answer within {AskTimeout.TotalSeconds:0} s: it is starting, or moving to another node",
                StatusCodes.Status503ServiceUnavailable);
        }
    }
}
