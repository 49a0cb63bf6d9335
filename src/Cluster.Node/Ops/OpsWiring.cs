using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Payments.Management;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Kafka;
using Akka.Payments.Node.Planes;
using Akka.Payments.Shared;
using Akka.Streams;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Ops;

/// <summary>The ops plane's key in the actor registry: its singleton proxy, on every node.</summary>
public sealed class OpsPlane;

public static class OpsWiring
{
    public const string SingletonName = "ops";

    /// <summary>The ops singleton on the <c>payments</c> role, with a proxy on every node (registered as
    /// <see cref="OpsPlane"/>), behind a back-off supervisor like the trust plane's.</summary>
    public static AkkaConfigurationBuilder WithOpsPlane(this AkkaConfigurationBuilder akka, NodeSettings settings, IServiceProvider provider)
    {
        var kafka = provider.GetRequiredService<KafkaClients>();
        var endpoint = provider.GetRequiredService<KafkaEndpoint>();
        var store = settings.DeadLetterStore;
        return akka.WithSingleton<OpsPlane>(SingletonName, (system, _, _) =>
        {
            var producer = new Lazy<IProducer<string, byte[]>>(kafka.CreateProducer);
            system.RegisterOnTermination(() =>
            {
                if (!producer.IsValueCreated) return;
                producer.Value.Flush(TimeSpan.FromSeconds(5));
                producer.Value.Dispose();
            });
            var materializer = system.Materializer(namePrefix: "ops-plane");
            var consumer = kafka.PlaneConsumer();
            consumer.Config.GroupId = store.GroupId;
            var ports = new OpsPorts(
                // payments.dlq -> dead letters -> batches journaled by the actor -> commit.
                (ops, startOffset) => PlaneStream.Run(consumer with { StartOffset = startOffset }, [Topics.DeadLetters],
                    DeadLetterReads.From, records => new StoreDeadLetters(records), ops,
                    store.MaxBatch, store.BatchWait, settings.Stream.AskTimeout, materializer),
                message => producer.Value.ProduceAsync(Topics.Requested, message),
                () => ClusterRoutes.MembersOf(Akka.Cluster.Cluster.Get(system)));
            return BackoffSupervisor.Props(Backoff.OnStop(
                OpsActor.PropsFor(store, ports, endpoint.Incarnation, node: settings.Ops), "ops-plane", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2,
                maxNrOfRetries: -1));
        }, new ClusterSingletonOptions { Role = AkkaWiring.PaymentsRole }, createProxyToo: true);
    }
}
