using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Journal;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Cluster;
using Akka.Payments.Shared.Rules;
using Akka.Payments.Shared.Serialization;
using Akka.Persistence.Sql;

namespace Akka.Payments.IntegrationTests.InProcess;

/// <summary>
/// One cluster member in this process: an ActorSystem named like production's, on a random loopback port, with the
/// production SBR settings (stable-after low), the shared SQLite journal, our serializer, and the account shard
/// region. The members talk over real remoting, and the default JSON serializer is replaced by
/// <see cref="WireGuardSerializer"/>: whatever crosses between them is proven to use a real serializer.
/// </summary>
public sealed class ClusterMemberSystem
{
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(1);

    private ClusterMemberSystem(ActorSystem system, IActorRef region)
    {
        System = system;
        Region = region;
    }

    public ActorSystem System { get; }

    public IActorRef Region { get; }

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    public Address Address => Cluster.SelfAddress;

    /// <param name="abruptTermination">Terminate() without coordinated shutdown: the member vanishes like a crashed process.</param>
    public static ClusterMemberSystem Start(string journalConnection, bool abruptTermination = false)
    {
        var system = ActorSystem.Create(AkkaWiring.SystemName, Config(journalConnection, abruptTermination));
        var history = new IndexedRequestHistory(new RequestIndex("SQLite.MS", journalConnection), system.Serialization);
        var region = ClusterSharding.Get(system).Start(
            AkkaWiring.AccountTypeName,
            accountId => AccountEntity.PropsFor(accountId, new AccountEntitySettings(SnapshotEvery: 5), new RulesHolder(PaymentRules.Default), history),
            ClusterShardingSettings.Create(system).WithRole(AkkaWiring.PaymentsRole),
            new AccountMessageExtractor(AccountMessageExtractor.DefaultShards));
        return new ClusterMemberSystem(system, region);
    }

    private static Config Config(string connection, bool abrupt) =>
        ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.roles = [{{AkkaWiring.PaymentsRole}}]
            # Two shared cores: a generous pause before a member counts as unreachable, then SBR acts after 1 s.
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
            akka.cluster.sharding.handoff-timeout = 10s
            akka.coordinated-shutdown.run-by-actor-system-terminate = {{(abrupt ? "off" : "on")}}
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql {
                connection-string = "{{connection}}"
                provider-name = "SQLite.MS"
                auto-initialize = on
                parallelism = 1
                # The node's journal: group commit and the request index that durable idempotency reads.
                class = "{{typeof(GroupCommitJournal).AssemblyQualifiedName}}"
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql {
                connection-string = "{{connection}}"
                provider-name = "SQLite.MS"
                auto-initialize = on
            }
            """)
            .WithFallback(ConfigurationFactory.ParseString(ClusterBootstrap.SplitBrainResolverHocon(StableAfter)))
            .WithFallback(PaymentsSerialization.Config)
            .WithFallback(ConfigurationFactory.ParseString(WireGuardSerializer.Hocon))
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(ClusterSharding.DefaultConfig());
}
