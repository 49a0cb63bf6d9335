using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;

namespace Akka.Payments.Management;

/// <summary>Subscribes to membership and reachability events for one <c>cluster tail</c> and hands them to a channel.</summary>
internal sealed class MembershipForwarder : ReceiveActor
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);

    public MembershipForwarder(ChannelWriter<ClusterEvent.IClusterDomainEvent> events)
    {
        Receive<ClusterEvent.IClusterDomainEvent>(e => events.TryWrite(e));
    }

    protected override void PreStart() => _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
        typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    public static Props PropsFor(ChannelWriter<ClusterEvent.IClusterDomainEvent> events) =>
        Props.Create(() => new MembershipForwarder(events));
}
