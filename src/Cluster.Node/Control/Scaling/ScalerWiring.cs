using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Kafka;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Management;
using Akka.Payments.Shared;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>The scaler's key in the actor registry: its singleton proxy, on every node.</summary>
public sealed class ScalerPlane;

public static class ScalerWiring
{
    public const string SingletonName = "scaler";

    /// <summary>The scaler singleton on the <c>payments</c> role, with a proxy on every node (registered as
    /// <see cref="ScalerPlane"/>), behind a back-off supervisor like the other planes'.</summary>
    public static AkkaConfigurationBuilder WithScalerPlane(this AkkaConfigurationBuilder akka, NodeSettings settings, IServiceProvider provider)
    {
        var kafka = provider.GetRequiredService<KafkaClients>();
        var endpoint = provider.GetRequiredService<KafkaEndpoint>();
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        var scaler = settings.Scaler;
        return akka.WithSingleton<ScalerPlane>(SingletonName, (system, _, _) =>
        {
            var inspector = provider.GetRequiredService<KafkaInspector>();
            var producer = new Lazy<IProducer<string, byte[]>>(kafka.CreateProducer);
            var actuator = Actuator(scaler, settings, endpoint, system, loggers, provider.GetService<NodeLaunchArguments>());
            system.RegisterOnTermination(() =>
            {
                (actuator as IDisposable)?.Dispose();
                if (!producer.IsValueCreated) return;
                producer.Value.Flush(TimeSpan.FromSeconds(5));
                producer.Value.Dispose();
            });
            var cluster = Akka.Cluster.Cluster.Get(system);
            var ports = new ScalerPorts(
                () => Task.Run(() => (IReadOnlyList<PartitionLag>)inspector.Lag()
                    .Select(p => new PartitionLag(p.Topic, p.Partition, p.End, p.Committed, p.Lag)).ToList()),
                () => cluster.State.Members
                    .Where(m => m.Status == MemberStatus.Up && m.HasRole(AkkaWiring.PaymentsRole) && !cluster.State.Unreachable.Contains(m))
                    .Select(m => m.Address.ToString()).ToList(),
                decided => producer.Value.ProduceAsync(Topics.Control, ScaleMessages.ToMessage(decided)),
                actuator);
            return BackoffSupervisor.Props(Backoff.OnStop(
                ScalerActor.PropsFor(scaler, ports), "control-scaler", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2,
                maxNrOfRetries: -1));
        }, new ClusterSingletonOptions { Role = AkkaWiring.PaymentsRole }, createProxyToo: true);
    }

    private static IScaleActuator Actuator(ScalerSettings scaler, NodeSettings settings, KafkaEndpoint kafka, ActorSystem system, ILoggerFactory loggers,
        NodeLaunchArguments? launchArguments)
    {
        if (scaler.Actuator == SwarmActuator.Name)
            return new SwarmActuator(new Docker.DotNet.DockerClientConfiguration(new Uri(scaler.SwarmEndpoint)).CreateClient(), scaler.SwarmService,
                loggers.CreateLogger<SwarmActuator>());
        if (scaler.Actuator != ProcessActuator.Name) return new LogActuator(loggers.CreateLogger<LogActuator>());
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        var seeds = settings.Cluster.Seeds.Count > 0 ? settings.Cluster.Seeds : [self.ToString()];
        List<string> overrides =
        [
            "--CLUSTER_PORT=0",
            $"--CLUSTER_IP={settings.Cluster.Hostname}",
            $"--CLUSTER_SEEDS={string.Join(',', seeds)}",
            "--Management:Url=http://127.0.0.1:0",
            $"--Kafka:BootstrapServers={kafka.BootstrapServers}",
            $"--Journal:Provider={settings.Journal.Provider}",
            $"--Journal:ConnectionString={settings.Journal.ConnectionString}",
            // The nodes it starts log their decisions only: the scaler stays with the oldest node, which started them.
            $"--{ScalerSettings.Prefix}Actuator={LogActuator.Name}",
        ];
        return new ProcessActuator(NodeLaunch.OfThisProcess(overrides, settings.DataDir, launchArguments?.Arguments), loggers.CreateLogger<ProcessActuator>());
    }
}
