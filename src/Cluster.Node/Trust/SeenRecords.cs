using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Node.Trust;

/// <summary>
/// The deduplication keys of the records counted within the horizon, forgotten once their record's time falls
/// behind it: memory is bounded by the records of one horizon, whatever the total.
/// </summary>
public sealed class SeenRecords
{
    private readonly Dictionary<string, DateTimeOffset> _at = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byTime = new();

    public int Count => _at.Count;

    public bool Contains(string key) => _at.ContainsKey(key);

    /// <summary>Remembers <paramref name="key"/>; false when it was already remembered.</summary>
    public bool Add(string key, DateTimeOffset at)
    {
        if (!_at.TryAdd(key, at)) return false;
        _byTime.Enqueue(key, at);
        return true;
    }

    /// <summary>Forgets every key whose record time is before <paramref name="cutoff"/>.</summary>
    public void ForgetBefore(DateTimeOffset cutoff)
    {
        while (_byTime.TryPeek(out var key, out var at) && at < cutoff)
        {
            _byTime.Dequeue();
            _at.Remove(key);
        }
    }

    public IReadOnlyList<SeenRecord> ToSnapshot() =>
        _at.Select(kv => new SeenRecord(kv.Key, kv.Value))
            .OrderBy(s => s.At).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();

    public static SeenRecords FromSnapshot(IEnumerable<SeenRecord> seen)
    {
        var records = new SeenRecords();
        foreach (var s in seen) records.Add(s.Key, s.At);
        return records;
    }
}
