using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Node.Accounts.Idempotency;

/// <summary>
/// Every request an account decided within the idempotency retention, as one <see cref="ScalableBloomFilter"/> per
/// UTC day of the decision (the outcome's processedAt), so that whole days expire together. About two bytes per
/// request instead of the id itself; "no" is certain, "maybe" (a duplicate, or a false positive under 1%) sends the
/// entity to the request index. Pure: the days come from the events, never from the clock.
/// </summary>
public sealed class RequestFilter(TimeSpan retention)
{
    private readonly SortedDictionary<DateOnly, ScalableBloomFilter> _days = new();

    public TimeSpan Retention { get; } = retention;

    public void Add(RequestKey key, DateTimeOffset decidedAt)
    {
        var day = DateOnly.FromDateTime(decidedAt.UtcDateTime);
        if (!_days.TryGetValue(day, out var filter))
        {
            // Only a decision on a new day can move the retention's horizon past the oldest day.
            _days[day] = filter = new ScalableBloomFilter();
            Expire(decidedAt);
        }
        filter.Add(key.Text);
    }

    public bool MightContain(RequestKey key)
    {
        if (_days.Count == 0) return false;
        var text = key.Text;
        foreach (var filter in _days.Values)
            if (filter.MightContain(text)) return true;
        return false;
    }

    /// <summary>Forgets the days wholly before the retention, counted back from the latest decision.</summary>
    private void Expire(DateTimeOffset latest)
    {
        var oldest = DateOnly.FromDateTime((latest - Retention).UtcDateTime);
        while (_days.Count > 0 && _days.Keys.First() < oldest) _days.Remove(_days.Keys.First());
    }

    /// <summary>Stages smaller than this stay in the snapshots (a few hundred bytes a day) rather than each costing
    /// a journal event.</summary>
    public const int SealFromCapacity = 1_024;

    /// <summary>
    /// Seals the next stage that can no longer change (full, or of a day before the latest), to be journaled at
    /// <paramref name="sequenceNr"/>, and returns the event that journals it; null when there is none. Snapshots carry
    /// only that number from now on, and the day's next ids go to a new stage.
    /// </summary>
    public RequestFilterStageSealed? SealNext(long sequenceNr)
    {
        if (_days.Count == 0) return null;
        var latest = _days.Keys.Last();
        foreach (var (day, filter) in _days)
            if (filter.NextToSeal(SealFromCapacity, closed: day < latest) is { } index)
                return new RequestFilterStageSealed(day, index, filter.Seal(index, sequenceNr));
        return null;
    }

    /// <summary>On a replay: the stage of <paramref name="e"/> was journaled at <paramref name="sequenceNr"/>. Nothing
    /// changes for a day already expired, or a stage that is not the one journaled.</summary>
    public void Sealed(RequestFilterStageSealed e, long sequenceNr)
    {
        if (_days.TryGetValue(e.Day, out var filter)) filter.Sealed(e.Index, e.Stage, sequenceNr);
    }

    /// <summary>The sequence numbers of the journaled stages whose bits this filter still needs (after a recovery from
    /// a snapshot); until they are loaded, the filter answers "maybe" for every request.</summary>
    public IReadOnlyList<long> Pending =>
        _days.Values.SelectMany(f => f.Pending.Select(p => p.SealedAt)).ToList();

    /// <summary>Gives a pending stage its journaled bits; false when no pending stage is journaled at <paramref name="sequenceNr"/>.</summary>
    public bool Load(RequestFilterStageSealed e, long sequenceNr)
    {
        if (!_days.TryGetValue(e.Day, out var filter)) return false;
        foreach (var (index, at) in filter.Pending)
        {
            if (at != sequenceNr) continue;
            if (index != e.Index) throw new InvalidDataException($"The journal's event {sequenceNr} holds stage {e.Index} of {e.Day}, the snapshot expects stage {index}");
            filter.Load(index, e.Stage);
            return true;
        }
        return false;
    }

    public IReadOnlyList<RequestFilterDay> ToSnapshot() =>
        _days.Select(d => new RequestFilterDay(d.Key, d.Value.ToSnapshot())).ToList();

    public static RequestFilter FromSnapshot(IReadOnlyList<RequestFilterDay>? days, TimeSpan retention)
    {
        var filter = new RequestFilter(retention);
        foreach (var day in days ?? []) filter._days[day.Day] = ScalableBloomFilter.FromSnapshot(day.Stages);
        return filter;
    }
}
