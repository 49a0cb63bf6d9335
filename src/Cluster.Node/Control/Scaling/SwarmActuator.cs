using Akka.Payments.Shared.Events;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// The <c>swarm</c> actuator: sets the replicas of the payment node's Docker Swarm service (<c>payments_node</c> in
/// the stack of <c>docker/docker-stack.yml</c>) to the decision's count, through the Docker Engine API (Docker.DotNet):
/// it reads the service (its spec and version) and updates it with the new replica count, as
/// <c>docker service scale</c> does. Swarm then starts or stops tasks; a stopped task gets SIGTERM, so the node drains
/// and hands off. Two calls: <c>GET /services/{name}</c> and <c>POST /services/{id}/update?version=N</c>.
/// </summary>
public sealed class SwarmActuator(IDockerClient docker, string service, ILogger<SwarmActuator> log) : IScaleActuator, IDisposable
{
    public const string Name = "swarm";

    string IScaleActuator.Name => Name;

    public async Task Scale(int from, int to, ScaleDecided why)
    {
        var current = await docker.Swarm.InspectServiceAsync(service);
        var spec = current.Spec;
        if (spec.Mode?.Replicated is null)
            throw new InvalidOperationException($"the swarm service {service} is not replicated (mode global?): it cannot be scaled");
        var before = spec.Mode.Replicated.Replicas;
        spec.Mode.Replicated.Replicas = (ulong)to;
        await docker.Swarm.UpdateServiceAsync(current.ID, new ServiceUpdateParameters { Service = spec, Version = (long)current.Version.Index });
        log.LogInformation("Scale decision {Id}: swarm service {Service} replicas {Before} -> {To} ({Reason}, by {By})",
            why.Id, service, before, to, why.Reason, why.By);
    }

    public void Dispose() => docker.Dispose();
}
