using Akka.Actor;
using Akka.Cluster;

namespace Akka.Payments.Shared.Management;

/// <summary>Ready only when this member is Up (or WeaklyUp) in the cluster.</summary>
public sealed class ClusterReadiness(ActorSystem system) : IReadinessCheck
{
    public string Name => "cluster";

    public Task<string?> Check(CancellationToken cancellation)
    {
        var status = Cluster.Cluster.Get(system).SelfMember.Status;
        return Task.FromResult(status is MemberStatus.Up or MemberStatus.WeaklyUp
            ? null
            : $"this member is {status}, not Up");
    }
}
