using Akka.Cluster.Sharding;
using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Node.Accounts;

/// <summary>Routes account messages: entity id = account id, shard = a stable hash of it.</summary>
public sealed class AccountMessageExtractor(int maxNumberOfShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public const int DefaultShards = 100;

    public override string? EntityId(object message) => message switch
    {
        IAccountMessage m => m.AccountId,
        _ => null,
    };
}
