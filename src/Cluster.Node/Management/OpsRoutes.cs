using Akka.Actor;
using Akka.Payments.Management;
using Akka.Payments.Node.Ops;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>
/// The cluster's health and Akka dead letters, from what every node reports to the ops singleton:
/// <c>GET /ops/health</c> (every member's readiness) and <c>GET /ops/deadletters</c> (every node's counts and their
/// sum); <c>GET /ops/deadletters/node</c> answers what this node counted itself (<see cref="AkkaDeadLetters"/>),
/// without the singleton.
/// </summary>
public sealed class OpsRoutes : IManagementRoutes
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var counts = host.GetRequiredService<AkkaDeadLetters>();
        var system = host.GetRequiredService<ActorSystem>();
        var json = ManagementJsonContext.Default;
        app.MapGet(ManagementPaths.OpsDeadLettersNode, () =>
            ManagementResults.Json(counts.Report(NodeAddress(system)), json.AkkaDeadLetterReport));
        app.MapGet(ManagementPaths.OpsDeadLetters, (CancellationToken cancellation) =>
            SingletonAsk.Json<OpsPlane, ClusterDeadLetterReport>(host, new GetClusterDeadLetters(), json.ClusterDeadLetterReport, "ops", AskTimeout, cancellation));
        app.MapGet(ManagementPaths.OpsHealth, (CancellationToken cancellation) =>
            SingletonAsk.Json<OpsPlane, ClusterHealthResponse>(host, new GetClusterHealth(), json.ClusterHealthResponse, "ops", AskTimeout, cancellation));
    }

    /// <summary>The cluster address of this node (its remoting address before the cluster extension is up).</summary>
    private static string NodeAddress(ActorSystem system) =>
        ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();
}
