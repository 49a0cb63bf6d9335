using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Event;
using Akka.Hosting;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Ops;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Cluster;
using Akka.Payments.Shared.Serialization;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Hosting;

/// <summary>
/// The node's ActorSystem: remoting, clustering with the Split Brain Resolver, our serializer, the journal, the
/// account shard region and the monitor of Akka's dead letters. Production (<see cref="NodeHost"/>) and the
/// in-process cluster specs both start it through <see cref="AddPaymentsNode"/>, so a spec runs the journal, serializer, sharding and SBR a node runs.
/// </summary>
public static class AkkaWiring
{
    public const string SystemName = ClusterBootstrap.DefaultSystemName;
    public const string PaymentsRole = "payments";
    public const string AccountTypeName = "account";

    /// <summary>
    /// The journal's services and the ActorSystem, as hosted services in this start order.
    /// <paramref name="configure"/> runs after the node's own wiring, so it can add to it or override it (specs).
    /// </summary>
    public static IServiceCollection AddPaymentsNode(
        this IServiceCollection services,
        NodeSettings settings,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null)
    {
        services.AddSingleton(settings);
        services.AddSingleton<NodeExit>();
        services.AddSingleton(new RulesHolder(settings.Rules));
        services.AddPaymentsJournal(settings.Journal, settings.Accounts);
        services.AddAccounts();
        services.AddAkkaDeadLetters(settings.Ops);
        services.AddAkka(SystemName, (akka, provider) =>
        {
            akka.WithPaymentsNode(settings, provider);
            configure?.Invoke(akka, provider);
        });
        return services;
    }

    /// <summary>The node's Akka.Hosting setup; needs the services <see cref="AddPaymentsNode"/> registers.</summary>
    public static AkkaConfigurationBuilder WithPaymentsNode(this AkkaConfigurationBuilder akka, NodeSettings settings, IServiceProvider provider) =>
        akka
            .ConfigureLoggers(logging =>
            {
                logging.LogLevel = LogLevel.InfoLevel;
                logging.ClearLoggers();
                logging.AddLoggerFactory(); // Akka logs through Microsoft.Extensions.Logging like the rest
            })
            // First of the node's actors, so that it counts the undelivered messages of the others' start.
            .WithAkkaDeadLetterMonitor(provider)
            .WithCustomSerializer(PaymentsSerialization.Name, PaymentsSerialization.BoundTypes, system => new PaymentsSerializer(system))
            // No builder exists for coordinated shutdown, the stdout log level, SBR's stable-after or the failure detector: HOCON.
            .AddHocon(CoordinatedShutdownHocon, HoconAddMode.Prepend)
            .AddHocon(ClusterBootstrap.StableAfterHocon(settings.Cluster.StableAfter), HoconAddMode.Prepend)
            .AddHocon(ClusterBootstrap.AcceptableHeartbeatPauseHocon(settings.Cluster.AcceptableHeartbeatPause), HoconAddMode.Prepend)
            .WithRemoting(new RemoteOptions { HostName = settings.Cluster.Hostname, Port = settings.Cluster.Port })
            .WithClustering(new ClusterOptions
            {
                Roles = [PaymentsRole],
                SeedNodes = settings.Cluster.Seeds.ToArray(),
                // Explicit although Akka 1.5 defaults to it, so that a version bump cannot change how members are downed.
                SplitBrainResolver = new KeepMajorityOption(),
                // The node's own version, whatever process hosts it (Akka would take the entry assembly's).
                AppVersion = typeof(AkkaWiring).Assembly.GetName().Version?.ToString(3),
            })
            .WithPaymentsJournal(settings.Journal, provider)
            .WithAccountRegion(settings, provider)
            .AddStartup((system, _) =>
            {
                provider.GetRequiredService<NodeExit>().Follow(system);
                var cluster = Akka.Cluster.Cluster.Get(system);
                system.Log.Info("Cluster node at {0} joining through {1}", cluster.SelfAddress,
                    settings.Cluster.Seeds.Count == 0 ? "itself" : string.Join(", ", settings.Cluster.Seeds));
                if (settings.Cluster.Seeds.Count == 0) cluster.Join(cluster.SelfAddress);
                cluster.RegisterOnMemberUp(() => system.Log.Info("Cluster member up: {0}", cluster.SelfAddress));
            });

    /// <summary>
    /// The .NET host owns SIGTERM/Ctrl-C: it stops the payment stream first (drain, commit) and only then the
    /// ActorSystem, whose coordinated shutdown hands off the shards and leaves the cluster. Akka's own CLR exit hook
    /// would start that shutdown at once, under the feet of the draining stream.
    /// </summary>
    private const string CoordinatedShutdownHocon = """
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.cluster.run-coordinated-shutdown-when-down = on
        akka.stdout-loglevel = WARNING
        # The payment stream drains in this phase (see PaymentStreamService): give in-flight records time.
        akka.coordinated-shutdown.phases.service-unbind.timeout = 30s
        """;
}
