namespace Akka.Payments.Node.Trust;

/// <summary>
/// The trust plane's aggregate: the business figures of <c>payments.processed</c> and <c>payments.dlq</c> in tumbling
/// windows on <c>processedAt</c>, counted exactly once. Pure: no actor, no clock; the wall clock comes in through
/// <see cref="Tick"/>. <see cref="Apply"/> and <see cref="Tick"/> return the windows to publish.
/// <list type="bullet">
/// <item>Exactly once: each partition's next offset is kept (<see cref="Offsets"/>); a record below it is ignored as
/// already counted (<see cref="AlreadyCovered"/>). Persist the state and publish its windows together.</item>
/// <item>Duplicates: a record whose <see cref="TrustInput.DeduplicationKey"/> (an outcome's <c>ce_id</c>) was counted
/// within the horizon is counted as a duplicate, not again in the figures.</item>
/// <item>Closing: the watermark is the highest record time minus <see cref="TrustSettings.Lateness"/>; a window closes
/// (revision 1) when the watermark reaches its end, or, after <see cref="TrustSettings.IdleClose"/> without records,
/// when <c>now - Lateness</c> does. A record for a closed window still counts, is late, and the window is restated
/// (the next revision) at the next <see cref="Tick"/>: one restatement per tick however many late records came.</item>
/// <item>Horizon: ids are forgotten and closed windows dropped once they fall <see cref="TrustSettings.Horizon"/>
/// behind the highest record time; a record older than that is not counted (<see cref="Expired"/>).</item>
/// </list>
/// </summary>
public sealed class TrustState
{
    private readonly SortedDictionary<DateTimeOffset, TrustWindow> _windows = new();
    private readonly Dictionary<(string Topic, int Partition), long> _nextOffsets = new();
    private SeenRecords _seen = new();
    private DateTimeOffset? _maxAt, _closedUpTo, _lastActivity;
    private bool _recordsSinceTick;

    public TrustState(TrustSettings? settings = null) => Settings = (settings ?? TrustSettings.Default).Validate();

    public TrustSettings Settings { get; }

    /// <summary>Records not counted because their time was behind the horizon.</summary>
    public long Expired { get; private set; }

    /// <summary>Records ignored because their offset was already covered.</summary>
    public long AlreadyCovered { get; private set; }

    /// <summary>The highest record time minus the lateness; null before the first record.</summary>
    public DateTimeOffset? Watermark => _maxAt - Settings.Lateness;

    /// <summary>The next offset to count per partition.</summary>
    public IReadOnlyList<PartitionOffset> Offsets =>
        _nextOffsets.Select(kv => new PartitionOffset(kv.Key.Topic, kv.Key.Partition, kv.Value))
            .OrderBy(o => o.Topic, StringComparer.Ordinal).ThenBy(o => o.Partition).ToList();

    /// <summary>The kept windows' figures, oldest first; open windows have revision 0.</summary>
    public IReadOnlyList<TrustWindowClosed> Windows => _windows.Values.Select(w => w.Figures()).ToList();

    public long NextOffset(string topic, int partition) => _nextOffsets.GetValueOrDefault((topic, partition));

    /// <summary>The start of the window that <paramref name="at"/> falls in (windows are aligned to the Unix epoch).</summary>
    public DateTimeOffset WindowStartOf(DateTimeOffset at)
    {
        var sinceEpoch = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var length = Settings.Window.Ticks;
        var floor = sinceEpoch - (((sinceEpoch % length) + length) % length);
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + floor, TimeSpan.Zero);
    }

    /// <summary>Counts one record; returns the windows that closed (and restatements forced out by the horizon).</summary>
    public IReadOnlyList<TrustWindowClosed> Apply(TrustInput input)
    {
        _recordsSinceTick = true;
        var partition = (input.Position.Topic, input.Position.Partition);
        if (input.Position.Offset < _nextOffsets.GetValueOrDefault(partition))
        {
            AlreadyCovered++;
            return [];
        }
        _nextOffsets[partition] = input.Position.Offset + 1;

        var at = input.At;
        if (at < _maxAt - Settings.Horizon)
        {
            Expired++;
            return [];
        }

        var window = WindowFor(at);
        if (window.IsClosed || window.End <= _closedUpTo) window.CountLate();
        if (input.DeduplicationKey is { } key && !_seen.Add(key, at))
            window.CountDuplicate(input);
        else if (input is TrustInput.Outcome outcome)
            window.AddOutcome(outcome, Settings.Sla);
        else if (input is TrustInput.DeadLetter deadLetter)
            window.AddDeadLetter(deadLetter.Reason);

        var published = new List<TrustWindowClosed>();
        if (_maxAt is null || at > _maxAt) _maxAt = at;
        CloseUpTo(_maxAt.Value - Settings.Lateness, published);
        Forget(_maxAt.Value - Settings.Horizon, published);
        return published;
    }

    /// <summary>
    /// The wall clock's turn: when no record arrived since the previous tick and for at least
    /// <see cref="TrustSettings.IdleClose"/> since records were last seen, closes the windows ending at or before
    /// <c>now - Lateness</c>; then restates every closed window that late records changed.
    /// </summary>
    public IReadOnlyList<TrustWindowClosed> Tick(DateTimeOffset now)
    {
        var published = new List<TrustWindowClosed>();
        if (_recordsSinceTick || _lastActivity is null)
        {
            _lastActivity = now;
            _recordsSinceTick = false;
        }
        else if (now - _lastActivity.Value >= Settings.IdleClose)
        {
            CloseUpTo(now - Settings.Lateness, published);
        }
        foreach (var window in _windows.Values.Where(w => w.RestatementPending))
            published.Add(window.Publish());
        return published;
    }

    public TrustSnapshot ToSnapshot() => new(
        _windows.Values.Select(w => w.ToSnapshot()).ToList(),
        Offsets,
        _seen.ToSnapshot(),
        _maxAt, _closedUpTo, _lastActivity, _recordsSinceTick, Expired, AlreadyCovered);

    public static TrustState FromSnapshot(TrustSnapshot snapshot, TrustSettings? settings = null)
    {
        var state = new TrustState(settings)
        {
            _seen = SeenRecords.FromSnapshot(snapshot.Seen),
            _maxAt = snapshot.MaxAt,
            _closedUpTo = snapshot.ClosedUpTo,
            _lastActivity = snapshot.LastActivity,
            _recordsSinceTick = snapshot.RecordsSinceTick,
            Expired = snapshot.Expired,
            AlreadyCovered = snapshot.AlreadyCovered,
        };
        foreach (var w in snapshot.Windows) state._windows[w.Start] = TrustWindow.FromSnapshot(w, state.Settings.Window);
        foreach (var o in snapshot.Offsets) state._nextOffsets[(o.Topic, o.Partition)] = o.NextOffset;
        return state;
    }

    private TrustWindow WindowFor(DateTimeOffset at)
    {
        var start = WindowStartOf(at);
        if (!_windows.TryGetValue(start, out var window))
            _windows[start] = window = new TrustWindow(start, Settings.Window);
        return window;
    }

    /// <summary>Closes every open window ending at or before <paramref name="point"/>, oldest first.</summary>
    private void CloseUpTo(DateTimeOffset point, List<TrustWindowClosed> published)
    {
        if (_closedUpTo is null || point > _closedUpTo) _closedUpTo = point;
        foreach (var window in _windows.Values)
        {
            if (window.End > _closedUpTo) break;
            if (!window.IsClosed) published.Add(window.Publish());
        }
    }

    /// <summary>Drops the windows and ids behind the horizon; a dropped window's pending restatement goes out first.</summary>
    private void Forget(DateTimeOffset cutoff, List<TrustWindowClosed> published)
    {
        _seen.ForgetBefore(cutoff);
        while (_windows.Count > 0 && _windows.First() is var (start, window) && window.End <= cutoff)
        {
            if (!window.IsClosed || window.RestatementPending) published.Add(window.Publish());
            _windows.Remove(start);
        }
    }
}
