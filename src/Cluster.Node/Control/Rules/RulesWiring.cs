using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Kafka;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Control.Rules;

/// <summary>The rules singleton's key in the actor registry: its proxy, on every node.</summary>
public sealed class RulesPlane;

/// <summary>The key of this node's <see cref="RulesFollower"/> in the actor registry.</summary>
public sealed class RulesFollowerKey;

public static class RulesWiring
{
    public const string SingletonName = "rules";
    public const string FollowerName = "rules-follower";

    /// <summary>
    /// The live rules: the rules singleton on the <c>payments</c> role with a proxy on every node (registered as
    /// <see cref="RulesPlane"/>), behind a back-off supervisor like the other planes; distributed publish-subscribe
    /// on the same role; and on every node a <see cref="RulesFollower"/> that keeps the node's
    /// <see cref="RulesHolder"/> on the latest version.
    /// </summary>
    public static AkkaConfigurationBuilder WithRulesPlane(this AkkaConfigurationBuilder akka, NodeSettings settings, IServiceProvider provider)
    {
        var kafka = provider.GetRequiredService<KafkaClients>();
        var holder = provider.GetRequiredService<RulesHolder>();
        var plane = settings.RulesPlane;
        return akka
            .WithDistributedPubSub(AkkaWiring.PaymentsRole)
            .WithSingleton<RulesPlane>(SingletonName, (system, _, _) =>
            {
                var producer = new Lazy<IProducer<string, byte[]>>(kafka.CreateProducer);
                system.RegisterOnTermination(() =>
                {
                    if (!producer.IsValueCreated) return;
                    producer.Value.Flush(TimeSpan.FromSeconds(5));
                    producer.Value.Dispose();
                });
                var mediator = DistributedPubSub.Get(system).Mediator;
                var ports = new RulesPorts(
                    update => mediator.Tell(new Publish(RulesFollower.Topic, update)),
                    changes => Publish(producer.Value, changes));
                return BackoffSupervisor.Props(Backoff.OnStop(
                    RulesActor.PropsFor(plane, settings.Rules, ports), "control-rules", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2,
                    maxNrOfRetries: -1));
            }, new ClusterSingletonOptions { Role = AkkaWiring.PaymentsRole }, createProxyToo: true)
            .WithActors((system, registry, _) =>
            {
                var follower = system.ActorOf(RulesFollower.PropsFor(holder, registry.Get<RulesPlane>(), DistributedPubSub.Get(system).Mediator,
                    plane.RulesPullEvery), FollowerName);
                registry.Register<RulesFollowerKey>(follower);
            });
    }

    private static async Task Publish(IProducer<string, byte[]> producer, IReadOnlyList<RulesUpdated> changes)
    {
        foreach (var change in changes)
            await producer.ProduceAsync(Topics.Control, RulesMessages.ToMessage(change)).ConfigureAwait(false);
    }
}
