using Microsoft.AspNetCore.Routing;

namespace Akka.Payments.Management;

/// <summary>
/// One palette of the management endpoint (<c>/cluster/...</c>, <c>/payments/...</c>): registered in the host's
/// services, mapped when the endpoint starts. <paramref name="host"/> is the host's provider (ActorSystem, settings).
/// Mutating routes call <see cref="ManagementAuthorization.RequireToken{TBuilder}"/>.
/// </summary>
public interface IManagementRoutes
{
    void Map(IEndpointRouteBuilder app, IServiceProvider host);
}
