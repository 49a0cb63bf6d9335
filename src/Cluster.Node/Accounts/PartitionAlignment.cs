using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding.External;
using Akka.Event;
using Confluent.Kafka;

namespace Akka.Payments.Node.Accounts;

/// <summary>
/// Keeps each account shard on the node that consumes its Kafka partition, so that a record is decided on the node
/// that read it and never crosses the network twice (ask and answer). The consumer's assignment is the truth: when
/// this node is assigned partitions of the input topic it publishes "shard p lives here" for each of them (Distributed
/// Data, through Akka's external shard allocation), and the shard coordinator, running
/// <see cref="ExternalShardAllocationStrategy"/>, allocates a new shard there and moves a running one there at its
/// next rebalance (every 2 s, see AccountsWiring). A Kafka rebalance is so also the sharding rebalance.
/// </summary>
/// <remarks>
/// Only where a shard lives follows Kafka, never which shard an account belongs to (<see cref="AccountMessageExtractor"/>,
/// a function of the account id alone): an outdated or lost location costs a remote hop, never a second entity.
/// A shard whose location is not known yet, or names a node that left, goes to the node that asked for it first, as
/// with Akka's default strategy.
/// </remarks>
public sealed class PartitionAlignment(ActorSystem system, string typeName, string topic, int shards, ILoggingAdapter log)
{
    private readonly IExternalShardAllocationClient _locations = ExternalShardAllocation.Get(system).ClientFor(typeName);

    /// <summary>For <see cref="Kafka.Streams.ConsumerSettings.PartitionsAssigned"/>: runs on the consumer's polling thread and
    /// returns at once (the update completes in the background; a failure is logged, and the next assignment tries again).</summary>
    public void Assigned(IReadOnlyCollection<TopicPartition> partitions)
    {
        var self = Cluster.Cluster.Get(system).SelfAddress;
        var owned = partitions.Where(tp => tp.Topic == topic && tp.Partition.Value < shards)
            .Select(tp => tp.Partition.Value.ToString(CultureInfo.InvariantCulture))
            .ToImmutableDictionary(shard => shard, _ => self);
        if (owned.IsEmpty) return;
        var names = string.Join(", ", owned.Keys.OrderBy(k => k.Length).ThenBy(k => k, StringComparer.Ordinal));
        _locations.UpdateShardLocations(owned).ContinueWith(update =>
        {
            if (update.IsCompletedSuccessfully) log.Info("Account shards {0} now belong on {1}, the consumer of their partitions", names, self);
            else log.Warning(update.Exception?.GetBaseException(), "Could not publish that account shards {0} belong on {1}; they stay where they are until the next assignment", names, self);
        }, TaskScheduler.Default);
    }
}
