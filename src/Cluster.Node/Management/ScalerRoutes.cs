using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Shared.Control;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>
/// The control plane's autoscaling, asked of the scaler singleton through this node's proxy: <c>GET /control/status</c>
/// reads; <c>POST /control/scale</c> (<c>{"nodes": n}</c>) and <c>POST /control/autoscale</c> (<c>{"on": true}</c>) need
/// the token. A scale outside the bounds is a 400 naming the bound; 503 while the singleton moves.
/// </summary>
public sealed class ScalerRoutes : IManagementRoutes
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var json = ManagementJsonContext.Default;

        app.MapGet(ManagementPaths.ControlStatus, (CancellationToken cancellation) =>
            SingletonAsk.Json<ScalerPlane, ScalerStatusResponse>(host, new GetScalerStatus(), json.ScalerStatusResponse, "scaler", AskTimeout, cancellation));

        app.MapPost(ManagementPaths.ControlScale, async (HttpRequest request, CancellationToken cancellation) =>
        {
            var body = await request.ReadFromJsonAsync(json.ScaleRequest, cancellation);
            if (body is null) return ManagementResults.Error("a scale names the nodes wanted: {\"nodes\": n}", StatusCodes.Status400BadRequest);
            return await SingletonAsk.Answer<ScalerPlane>(host, new ScaleNodes(body.Nodes, ManagementAuthorization.TokenHolder(request.HttpContext)), "scaler",
                AskTimeout, answer => answer switch
                {
                    ScaleResponse done => ManagementResults.Json(done, json.ScaleResponse),
                    ScaleRefused refused => ManagementResults.Error(refused.Error, StatusCodes.Status400BadRequest),
                    var other => SingletonAsk.Unexpected(other),
                }, cancellation);
        }).RequireToken();

        app.MapPost(ManagementPaths.ControlAutoscale, async (HttpRequest request, CancellationToken cancellation) =>
        {
            var body = await request.ReadFromJsonAsync(json.AutoscaleRequest, cancellation);
            if (body is null) return ManagementResults.Error("autoscale says on or off: {\"on\": true}", StatusCodes.Status400BadRequest);
            return await SingletonAsk.Json<ScalerPlane, AutoscaleResponse>(host, new SetAutoscale(body.On, ManagementAuthorization.TokenHolder(request.HttpContext)), json.AutoscaleResponse, "scaler",
                AskTimeout, cancellation);
        }).RequireToken();
    }
}
