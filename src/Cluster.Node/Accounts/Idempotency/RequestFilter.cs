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

    public IReadOnlyList<RequestFilterDay> ToSnapshot() =>
        _days.Select(d => new RequestFilterDay(d.Key, d.Value.ToSnapshot())).ToList();

    public static RequestFilter FromSnapshot(IReadOnlyList<RequestFilterDay>? days, TimeSpan retention)
    {
        var filter = new RequestFilter(retention);
        foreach (var day in days ?? []) filter._days[day.Day] = ScalableBloomFilter.FromSnapshot(day.Stages);
        return filter;
    }
}
