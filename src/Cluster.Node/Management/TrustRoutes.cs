using System.Text.Json.Serialization.Metadata;
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
            if (!SingletonAsk.TryCount(request.Query, ManagementPaths.LastParameter, 10, MaxWindows, out var last))
                return SingletonAsk.BadCount(ManagementPaths.LastParameter, MaxWindows);
            return await Ask(new GetTrustWindows(last), json.TrustWindowsResponse, cancellation);
        });

        app.MapGet(ManagementPaths.TrustCurrent, (CancellationToken cancellation) =>
            Ask(new GetTrustCurrent(), json.TrustCurrentResponse, cancellation));

        app.MapGet(ManagementPaths.TrustTotals, async (HttpRequest request, CancellationToken cancellation) =>
        {
            if (!SingletonAsk.TrySince(request.Query, out var since)) return SingletonAsk.BadSince();
            return await Ask(new GetTrustTotals(since), json.TrustTotalsResponse, cancellation);
        });

        Task<IResult> Ask<T>(ITrustQuery query, JsonTypeInfo<T> type, CancellationToken cancellation) =>
            SingletonAsk.Json<TrustPlane, T>(host, query, type, "trust", AskTimeout, cancellation);
    }
}
