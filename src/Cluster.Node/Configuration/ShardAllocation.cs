namespace Akka.Payments.Node.Configuration;

/// <summary>Where the account shards live (<c>Payments:ShardAllocation</c>; the same on every member).</summary>
public enum ShardAllocation
{
    /// <summary><c>partitions</c>: shard p on the node that consumes partition p of the input topic, so that a record
    /// is decided where it is consumed (<see cref="Accounts.PartitionAlignment"/>). Needs <c>Payments:Shards</c> equal
    /// to the input topic's partition count. Not the default yet: a node cut off from its peers but not from Kafka
    /// and the journal then goes on deciding its own partitions until it downs itself, after the majority removed it
    /// (docs/deploy.md).</summary>
    PartitionAligned,

    /// <summary><c>least-shards</c> (the default): Akka's own strategy, which balances the shard count per node without
    /// regard to Kafka.</summary>
    LeastShards,
}
