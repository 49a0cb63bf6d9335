using Akka.Actor;

namespace Akka.Payments.Node.Accounts;

/// <summary>
/// Where the records this node's accounts decide were asked from: by this node's own stream, or by another node's
/// (the ask crossed the network both ways). With partition-aligned shards, remote asks happen only while a shard
/// follows its partition to a new owner. Thread-safe; shared by every entity of the node.
/// </summary>
public sealed class DecisionOrigins
{
    private long _local;
    private long _remote;

    public long Local => Interlocked.Read(ref _local);

    public long Remote => Interlocked.Read(ref _remote);

    /// <summary>Counts one request by its asker: a sender with a host and port in its address lives on another node.</summary>
    public void Record(IActorRef asker)
    {
        if (asker.Path.Address.HasGlobalScope) Interlocked.Increment(ref _remote);
        else Interlocked.Increment(ref _local);
    }
}
