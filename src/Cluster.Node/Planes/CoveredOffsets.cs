using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Node.Planes;

/// <summary>
/// Per partition, the next offset a plane will take: every record below it is already in the plane's state. A
/// plane journals its state together with these, so that after a failover it starts reading where its journal says
/// and ignores a record read again below it: each record is taken exactly once.
/// </summary>
public sealed class CoveredOffsets
{
    private readonly Dictionary<(string Topic, int Partition), long> _next = new();

    /// <summary>Covers <paramref name="position"/>; false (and nothing changes) when it was already covered.</summary>
    public bool TryCover(RecordPosition position)
    {
        var partition = (position.Topic, position.Partition);
        if (position.Offset < _next.GetValueOrDefault(partition)) return false;
        _next[partition] = position.Offset + 1;
        return true;
    }

    /// <summary>The next offset to take in a partition; 0 when none was taken.</summary>
    public long NextOffset(string topic, int partition) => _next.GetValueOrDefault((topic, partition));

    /// <summary>Sorted by topic, then partition.</summary>
    public IReadOnlyList<PartitionOffset> ToList() =>
        _next.Select(kv => new PartitionOffset(kv.Key.Topic, kv.Key.Partition, kv.Value))
            .OrderBy(o => o.Topic, StringComparer.Ordinal).ThenBy(o => o.Partition).ToList();

    public static CoveredOffsets From(IEnumerable<PartitionOffset> offsets)
    {
        var covered = new CoveredOffsets();
        foreach (var o in offsets) covered._next[(o.Topic, o.Partition)] = o.NextOffset;
        return covered;
    }
}
