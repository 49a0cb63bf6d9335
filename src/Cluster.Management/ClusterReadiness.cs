using Akka.Actor;
using Akka.Cluster;

namespace Akka.Payments.Management;

/// <summary>Ready only when this member is Up (or WeaklyUp) in the cluster.</summary>
public sealed class ClusterReadiness(ActorSystem system) : IReadinessCheck
{
    public string Name => "cluster";

    public Task<string?> Check(CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var status = cluster.SelfMember.Status;
        if (status is MemberStatus.Up or MemberStatus.WeaklyUp) return Task.FromResult<string?>(null);
        return Task.FromResult<string?>(status == MemberStatus.Removed && !cluster.IsTerminated
            ? "this member has not joined a cluster yet (it is not Up)"
            : $"this member is {status}, not Up");
    }
}
