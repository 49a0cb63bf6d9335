namespace Akka.Payments.Node.Configuration;

/// <summary>Where the account shards live (<c>Payments:ShardAllocation</c>; the same on every member).</summary>
public enum ShardAllocation
{
    /// <summary><c>partitions</c>: shard p on the node that consumes partition p of the input topic, so that a record
    /// is decided where it is consumed (<see cref="Accounts.PartitionAlignment"/>). Needs <c>Payments:Shards</c> equal
    /// to the input topic's partition count.</summary>
    PartitionAligned,

    /// <summary><c>least-shards</c>: Akka's default, which balances the shard count per node without regard to Kafka.</summary>
    LeastShards,
}
