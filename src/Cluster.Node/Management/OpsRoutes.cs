using Akka.Actor;
using Akka.Payments.Management;
using Akka.Payments.Node.Ops;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>
/// The node's half of the <c>ops</c> palette: <c>GET /ops/deadletters</c> answers what this node counted of Akka's
/// undelivered messages (<see cref="AkkaDeadLetters"/>). Each node answers for itself; the ops singleton sums them.
/// </summary>
public sealed class OpsRoutes : IManagementRoutes
{
    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var counts = host.GetRequiredService<AkkaDeadLetters>();
        var system = host.GetRequiredService<ActorSystem>();
        app.MapGet(ManagementPaths.OpsDeadLetters, () =>
            ManagementResults.Json(counts.Report(NodeAddress(system)), ManagementJsonContext.Default.AkkaDeadLetterReport));
    }

    /// <summary>The cluster address of this node (its remoting address before the cluster extension is up).</summary>
    private static string NodeAddress(ActorSystem system) =>
        ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();
}
