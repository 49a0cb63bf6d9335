using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Cluster.Sharding.External;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Payments.Node.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Hosting;

/// <summary>The account shard region and what its entities produce.</summary>
public static class AccountsWiring
{
    /// <summary><see cref="JournalWriteLatency"/> and <see cref="DecisionOrigins"/>: recorded by every account entity of the node.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services) =>
        services.AddSingleton<JournalWriteLatency>().AddSingleton<DecisionOrigins>();

    /// <summary>
    /// The account region, with the shard allocation <c>Payments:ShardAllocation</c> names: Akka's least-shards
    /// strategy by default, or each shard on the node that consumes its Kafka partition (<see cref="PartitionAlignment"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithAccountRegion(this AkkaConfigurationBuilder akka, NodeSettings settings, IServiceProvider provider)
    {
        var rules = provider.GetRequiredService<RulesHolder>();
        var index = provider.GetRequiredService<RequestIndex>();
        var writeLatency = provider.GetRequiredService<JournalWriteLatency>();
        var origins = provider.GetRequiredService<DecisionOrigins>();
        var options = new ShardOptions
        {
            Role = AkkaWiring.PaymentsRole,
            RememberEntities = false,
            PassivateIdleEntityAfter = TimeSpan.FromMinutes(2),
        };
        return akka
            // The shard locations travel in Distributed Data: only among the members that host accounts. A shard
            // follows its partition at the coordinator's next rebalance: every 2 s instead of 10, so that after a
            // Kafka rebalance records cross nodes for a moment only (a round asks the local replica, nothing more).
            // Akka's own strategy, the default, balances at that pace too.
            .AddHocon($"""
                akka.cluster.distributed-data.role = {AkkaWiring.PaymentsRole}
                akka.cluster.sharding.rebalance-interval = 2s
                """, HoconAddMode.Prepend)
            .WithActors(async (system, registry, _) =>
            {
                var sharding = ClusterSharding.Get(system);
                var config = ConfigurationFactory.ParseString(options.ToString())
                    .WithFallback(system.Settings.Config.GetConfig("akka.cluster.sharding"));
                var shardingSettings = ClusterShardingSettings.Create(config, system.Settings.Config.GetConfig(config.GetString("coordinator-singleton")));
                IShardAllocationStrategy allocation = settings.Cluster.ShardAllocation == ShardAllocation.PartitionAligned
                    ? new ExternalShardAllocationStrategy(system, AkkaWiring.AccountTypeName)
                    : sharding.DefaultShardAllocationStrategy(shardingSettings);
                var history = new IndexedRequestHistory(index, system.Serialization);
                var region = await sharding.StartAsync(
                    AkkaWiring.AccountTypeName,
                    accountId => AccountEntity.PropsFor(accountId, settings.Accounts, rules, history, writeLatency, origins),
                    shardingSettings,
                    new AccountMessageExtractor(settings.Cluster.Shards),
                    allocation,
                    PoisonPill.Instance);
                registry.Register<AccountRegion>(region);
            });
    }
}
