using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Pattern;
using Akka.Hosting;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Kafka;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Planes;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Akka.Streams;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Trust;

/// <summary>The trust plane's key in the actor registry: its singleton proxy, on every node.</summary>
public sealed class TrustPlane;

public static class TrustWiring
{
    public const string SingletonName = "trust";

    /// <summary>
    /// The trust singleton on the <c>payments</c> role, with a proxy on every node (registered as
    /// <see cref="TrustPlane"/>). Its Kafka clients are created on the node that hosts it, when it starts.
    /// </summary>
    public static AkkaConfigurationBuilder WithTrustPlane(this AkkaConfigurationBuilder akka, NodeSettings settings, IServiceProvider provider)
    {
        var kafka = provider.GetRequiredService<KafkaClients>();
        var endpoint = provider.GetRequiredService<KafkaEndpoint>();
        return akka.WithSingleton<TrustPlane>(SingletonName, (system, _, _) =>
        {
            var producer = new Lazy<IProducer<string, byte[]>>(kafka.CreateProducer);
            system.RegisterOnTermination(() =>
            {
                if (!producer.IsValueCreated) return;
                producer.Value.Flush(TimeSpan.FromSeconds(5));
                producer.Value.Dispose();
            });
            var materializer = system.Materializer(namePrefix: "trust-plane");
            var consumer = kafka.PlaneConsumer();
            consumer.Config.GroupId = settings.Trust.GroupId;
            var ports = new TrustPorts(
                // payments.processed and payments.dlq -> trust inputs -> batches journaled by the actor -> commit.
                (trust, startOffset) => PlaneStream.Run(consumer with { StartOffset = startOffset }, [Topics.Processed, Topics.DeadLetters],
                    record => TrustInputs.From(record), records => new CountRecords(records), trust,
                    settings.Trust.MaxBatch, settings.Trust.TickInterval, settings.Stream.AskTimeout, materializer),
                windows => Publish(producer.Value, windows));
            // A singleton that stops (its journal failed at recovery or on a write) is not started again by the
            // singleton manager: the back-off supervisor does, and recovery resumes from the journal.
            return BackoffSupervisor.Props(Backoff.OnStop(
                TrustActor.PropsFor(settings.Trust, ports, endpoint.Incarnation), "trust-plane", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, maxNrOfRetries: -1));
        }, new ClusterSingletonOptions { Role = AkkaWiring.PaymentsRole }, createProxyToo: true);
    }

    private static async Task Publish(IProducer<string, byte[]> producer, IReadOnlyList<MetricsWindow> windows)
    {
        foreach (var window in windows)
            await producer.ProduceAsync(Topics.Metrics, MetricsMessages.ToMessage(window)).ConfigureAwait(false);
    }
}
