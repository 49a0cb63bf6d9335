using System.Globalization;
using Akka.Cluster.Sharding;
using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Node.Accounts;

/// <summary>
/// Routes account messages: entity id = account id, shard = the Kafka partition of the account
/// (<see cref="AccountPartitioner"/>) over <c>shards</c>. With as many shards as the input topic has partitions, shard
/// p holds exactly the accounts whose records arrive on partition p, which is what lets
/// <see cref="PartitionAlignment"/> host them on the node that consumes p.
/// </summary>
public sealed class AccountMessageExtractor : IMessageExtractor
{
    public const int DefaultShards = 12;

    /// <summary>The shard ids, made once: the region asks for one on every message it routes.</summary>
    private readonly string[] _shardIds;

    public AccountMessageExtractor(int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _shardIds = Enumerable.Range(0, shards).Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    public int Shards => _shardIds.Length;

    public string? EntityId(object message) => message switch
    {
        IAccountMessage m => m.AccountId,
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } id ? ShardId(id, message) : null;

    public string ShardId(string entityId, object? messageHint = null) => _shardIds[AccountPartitioner.PartitionOf(entityId, Shards)];
}
