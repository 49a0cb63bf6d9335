using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Lighthouse;

/// <summary>Logs what an operator watching a seed node wants to see: who joined, who left, who was downed.</summary>
public sealed class ClusterEventLogger : ReceiveActor
{
    public ClusterEventLogger(ILogger logger)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.MemberUp>(e => logger.LogInformation("Member up: {Address} {Roles}", e.Member.Address, string.Join(',', e.Member.Roles)));
        Receive<ClusterEvent.MemberRemoved>(e => logger.LogInformation("Member removed: {Address} (was {Status})", e.Member.Address, e.PreviousStatus));
        Receive<ClusterEvent.UnreachableMember>(e => logger.LogWarning("Member unreachable: {Address}", e.Member.Address));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.UnreachableMember));
    }

    public static Props Props(ILogger logger) => Akka.Actor.Props.Create(() => new ClusterEventLogger(logger));
}
