using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Cluster;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Hosting;

/// <summary>The node's ActorSystem: remoting, clustering, the journal and the account shard region.</summary>
public static class AkkaWiring
{
    public const string SystemName = ClusterBootstrap.DefaultSystemName;
    public const string PaymentsRole = "payments";
    public const string AccountTypeName = "account";

    public static IServiceCollection AddPaymentsAkka(this IServiceCollection services, NodeSettings settings) =>
        services.AddAkka(SystemName, (akka, provider) =>
        {
            var rules = provider.GetRequiredService<RulesHolder>();
            akka
                .ConfigureLoggers(logging =>
                {
                    logging.LogLevel = Akka.Event.LogLevel.InfoLevel;
                    logging.ClearLoggers();
                    logging.AddLoggerFactory(); // Akka logs through Microsoft.Extensions.Logging like the rest
                })
                .AddHocon(Shared.Serialization.PaymentsSerialization.Hocon, HoconAddMode.Prepend)
                .AddHocon(CoordinatedShutdownHocon, HoconAddMode.Prepend)
                .AddHocon(ClusterBootstrap.SplitBrainResolverHocon(settings.Cluster.StableAfter), HoconAddMode.Prepend)
                .WithRemoting(new RemoteOptions { HostName = settings.Cluster.Hostname, Port = settings.Cluster.Port })
                .WithClustering(new ClusterOptions
                {
                    Roles = [PaymentsRole],
                    SeedNodes = settings.Cluster.Seeds.ToArray(),
                    // The node's own version, whatever process hosts it (Akka would take the entry assembly's).
                    AppVersion = typeof(AkkaWiring).Assembly.GetName().Version?.ToString(3),
                })
                .WithSqlPersistence(
                    connectionString: settings.Journal.ConnectionString,
                    providerName: settings.Journal.LinqProviderName,
                    autoInitialize: true)
                .AddHocon(JournalTuning(settings.Journal), HoconAddMode.Prepend)
                .WithShardRegion<AccountRegion>(
                    AccountTypeName,
                    (system, _) =>
                    {
                        var history = new IndexedRequestHistory(provider.GetRequiredService<RequestIndex>(), system.Serialization);
                        var writeLatency = provider.GetService<JournalWriteLatency>();
                        return accountId => AccountEntity.PropsFor(accountId, settings.Accounts, rules, history, writeLatency);
                    },
                    new AccountMessageExtractor(settings.Cluster.Shards),
                    new ShardOptions
                    {
                        Role = PaymentsRole,
                        RememberEntities = false,
                        PassivateIdleEntityAfter = TimeSpan.FromMinutes(2),
                    });
            akka.AddStartup((system, _) =>
            {
                provider.GetService<GroupCommitStats>()?.Follow(system);
                var cluster = Akka.Cluster.Cluster.Get(system);
                system.Log.Info("Cluster node at {0} joining through {1}", cluster.SelfAddress,
                    settings.Cluster.Seeds.Count == 0 ? "itself" : string.Join(", ", settings.Cluster.Seeds));
                if (settings.Cluster.Seeds.Count == 0) cluster.Join(cluster.SelfAddress);
                cluster.RegisterOnMemberUp(() => system.Log.Info("Cluster member up: {0}", cluster.SelfAddress));
            });
        });

    /// <summary>Journal tuning. SQLite has one writer at a time: concurrent write transactions would only wait on each other.</summary>
    /// <remarks>Both stores start with the system, so their tables exist before the first entity recovers.</remarks>
    private static string JournalTuning(JournalSettings journal) => $$"""
        akka.persistence.journal.auto-start-journals = ["akka.persistence.journal.sql"]
        akka.persistence.snapshot-store.auto-start-snapshot-stores = ["akka.persistence.snapshot-store.sql"]
        # Every batch as one multi-row insert: row-by-row inserts (the default up to 100 rows) cost a query build
        # per row, about a quarter of the node's CPU per payment on the bench.
        akka.persistence.journal.sql.max-row-by-row-size = 0
        # Group commit: one transaction for the writes of many entities (see GroupCommitJournal).
        akka.persistence.journal.sql.class = "{{typeof(GroupCommitJournal).AssemblyQualifiedName}}"
        akka.persistence.journal.sql.group-commit.window = {{journal.GroupCommitWindow.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}}ms
        {{(journal.Provider == JournalProvider.Sqlite ? "akka.persistence.journal.sql.parallelism = 1" : "")}}
        """;

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
