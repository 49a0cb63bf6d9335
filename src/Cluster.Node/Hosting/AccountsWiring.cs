using Akka.Cluster.Hosting;
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
    /// <summary><see cref="JournalWriteLatency"/>: recorded by every account entity of the node.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services) =>
        services.AddSingleton<JournalWriteLatency>();

    public static AkkaConfigurationBuilder WithAccountRegion(this AkkaConfigurationBuilder akka, NodeSettings settings, IServiceProvider provider)
    {
        var rules = provider.GetRequiredService<RulesHolder>();
        var index = provider.GetRequiredService<RequestIndex>();
        var writeLatency = provider.GetRequiredService<JournalWriteLatency>();
        return akka.WithShardRegion<AccountRegion>(
            AkkaWiring.AccountTypeName,
            (system, _) =>
            {
                var history = new IndexedRequestHistory(index, system.Serialization);
                return accountId => AccountEntity.PropsFor(accountId, settings.Accounts, rules, history, writeLatency);
            },
            new AccountMessageExtractor(settings.Cluster.Shards),
            new ShardOptions
            {
                Role = AkkaWiring.PaymentsRole,
                RememberEntities = false,
                PassivateIdleEntityAfter = TimeSpan.FromMinutes(2),
            });
    }
}
