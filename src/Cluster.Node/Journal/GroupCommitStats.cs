using Akka.Actor;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// What the group-commit journal has committed on this node: groups (transactions) and the rows they carried. Rows
/// per group is how much a transaction is shared. Fed from the event stream by
/// <see cref="Listener"/>; thread-safe.
/// </summary>
public sealed class GroupCommitStats
{
    private long _groups, _rows;

    public long Groups => Interlocked.Read(ref _groups);
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Rows first: a reader that takes <see cref="Groups"/> before <see cref="Rows"/> never sees more groups than rows.</summary>
    public void Record(GroupCommitted group)
    {
        Interlocked.Add(ref _rows, group.Rows);
        Interlocked.Increment(ref _groups);
    }

    /// <summary>Subscribes the stats to the journal's <see cref="GroupCommitted"/> events on the system's event stream.</summary>
    public void Follow(ActorSystem system) =>
        system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new Listener(this)), "group-commit-stats"), typeof(GroupCommitted));

    private sealed class Listener : ReceiveActor
    {
        public Listener(GroupCommitStats stats) => Receive<GroupCommitted>(stats.Record);
    }
}
