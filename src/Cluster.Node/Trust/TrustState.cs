using Akka.Payments.Shared.Events;
using Akka.Payments.Node.Planes;
using Akka.Payments.Shared.Trust;

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
/// behind the highest record time; a record older than that is not counted (<see cref="Expired"/>). The last
/// <see cref="TrustSettings.History"/> dropped windows stay readable (<see cref="ClosedWindows"/>).</item>
/// <item>Totals: every record counted, since the first, as one window (<see cref="Totals"/>).</item>
/// </list>
/// Deterministic: the same records and ticks give the same state, so a journal of them (the trust plane's) replays
/// to it exactly. A tick that changes nothing (<see cref="TickChanges"/> is false) need not be journaled.
/// </summary>
public sealed class TrustState
{
    private readonly SortedDictionary<DateTimeOffset, TrustWindow> _windows = new();
    private CoveredOffsets _offsets = new();
    private readonly Queue<TrustWindow> _history = new();
    private TrustWindow? _totals;
    private SeenRecords _seen = new();
    private DateTimeOffset? _maxAt, _closedUpTo, _lastActivity, _forgottenBefore;
    private bool _recordsSinceTick;

    public TrustState(TrustSettings? settings = null) => Settings = (settings ?? TrustSettings.Default).Validate();

    public TrustSettings Settings { get; }

    /// <summary>Records not counted because their time was behind the horizon.</summary>
    public long Expired { get; private set; }

    /// <summary>Records ignored because their offset was already covered.</summary>
    public long AlreadyCovered { get; private set; }

    /// <summary>Records that were neither an outcome nor a dead letter (their offsets are covered all the same).</summary>
    public long Unreadable { get; private set; }

    /// <summary>The highest record time minus the lateness; null before the first record.</summary>
    public DateTimeOffset? Watermark => _maxAt - Settings.Lateness;

    /// <summary>The next offset to count per partition.</summary>
    public IReadOnlyList<PartitionOffset> Offsets => _offsets.ToList();

    /// <summary>The kept windows' figures, oldest first; open windows have revision 0.</summary>
    public IReadOnlyList<MetricsWindow> Windows => _windows.Values.Select(w => w.Figures()).ToList();

    /// <summary>The windows still open, oldest first.</summary>
    public IReadOnlyList<MetricsWindow> OpenWindows => _windows.Values.Where(w => !w.IsClosed).Select(w => w.Figures()).ToList();

    /// <summary>The last <paramref name="count"/> closed windows, kept or in the history, newest first.</summary>
    public IReadOnlyList<MetricsWindow> ClosedWindows(int count) =>
        _windows.Values.Reverse().Where(w => w.IsClosed).Concat(_history.Reverse())
            .Take(count).Select(w => w.Figures()).ToList();

    /// <summary>Everything counted since the first record; null before it.</summary>
    public MetricsWindow? Totals => _totals?.Figures();

    /// <summary>
    /// The sum of the windows (kept, open or in the history) starting at or after <paramref name="since"/>; null when
    /// there are none. Not complete when windows after <paramref name="since"/> were already forgotten.
    /// </summary>
    public (MetricsWindow? Figures, bool Complete) TotalsSince(DateTimeOffset since)
    {
        TrustWindow? sum = null;
        foreach (var window in _history.Concat(_windows.Values).Where(w => w.Start >= since))
        {
            sum ??= new TrustWindow(window.Start, window.End);
            sum.Add(window);
        }
        return (sum?.Figures(), _forgottenBefore is null || since >= _forgottenBefore);
    }

    public long NextOffset(string topic, int partition) => _offsets.NextOffset(topic, partition);

    /// <summary>The start of the window that <paramref name="at"/> falls in (windows are aligned to the Unix epoch).</summary>
    public DateTimeOffset WindowStartOf(DateTimeOffset at)
    {
        var sinceEpoch = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var length = Settings.Window.Ticks;
        var floor = sinceEpoch - (((sinceEpoch % length) + length) % length);
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + floor, TimeSpan.Zero);
    }

    /// <summary>Counts one record; returns the windows that closed (and restatements forced out by the horizon).</summary>
    public IReadOnlyList<MetricsWindow> Apply(TrustInput input)
    {
        _recordsSinceTick = true;
        if (!_offsets.TryCover(input.Position))
        {
            AlreadyCovered++;
            return [];
        }
        if (input is TrustInput.Unreadable)
        {
            Unreadable++;
            return [];
        }

        var at = input.At;
        if (at < _maxAt - Settings.Horizon)
        {
            Expired++;
            return [];
        }

        var window = WindowFor(at);
        var totals = _totals ??= new TrustWindow(window.Start, window.End);
        totals.Cover(window.Start, window.End);
        var late = window.IsClosed || window.End <= _closedUpTo;
        var duplicate = input.DeduplicationKey is { } key && !_seen.Add(key, at);
        foreach (var figures in (ReadOnlySpan<TrustWindow>)[window, totals])
        {
            if (late) figures.CountLate();
            if (duplicate)
                figures.CountDuplicate(input);
            else if (input is TrustInput.Outcome outcome)
                figures.AddOutcome(outcome, Settings.Sla);
            else if (input is TrustInput.DeadLetter deadLetter)
                figures.AddDeadLetter(deadLetter.Reason);
        }

        var published = new List<MetricsWindow>();
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
    public IReadOnlyList<MetricsWindow> Tick(DateTimeOffset now)
    {
        var published = new List<MetricsWindow>();
        var (activity, idlePoint) = PlanTick(now);
        if (activity)
        {
            _lastActivity = now;
            _recordsSinceTick = false;
        }
        else if (idlePoint is { } point)
        {
            CloseUpTo(point, published);
        }
        foreach (var window in _windows.Values.Where(w => w.RestatementPending))
            published.Add(window.Publish());
        return published;
    }

    /// <summary>Whether <see cref="Tick"/> at <paramref name="now"/> would change the state; when it would not, the
    /// tick may be skipped (and left out of a journal) without changing anything that follows.</summary>
    public bool TickChanges(DateTimeOffset now)
    {
        var (activity, idlePoint) = PlanTick(now);
        return activity || idlePoint is not null || _windows.Values.Any(w => w.RestatementPending);
    }

    /// <summary>
    /// What a tick does: note the activity when records arrived since the last one, or else, once idle long enough,
    /// close by the wall clock up to the start of the window that <c>now - Lateness</c> falls in. Closing up to a window
    /// boundary closes the same windows as closing up to <c>now - Lateness</c>, and changes the state only once per
    /// window length while idle.
    /// </summary>
    private (bool Activity, DateTimeOffset? IdlePoint) PlanTick(DateTimeOffset now)
    {
        if (_recordsSinceTick || _lastActivity is null) return (true, null);
        if (now - _lastActivity.Value < Settings.IdleClose) return (false, null);
        var point = WindowStartOf(now - Settings.Lateness);
        return _closedUpTo is null || point > _closedUpTo ? (false, point) : (false, null);
    }

    public TrustSnapshot ToSnapshot() => ToSnapshotWithoutSeen() with { SeenPacked = _seen.ToPacked() };

    /// <summary>The snapshot without its remembered keys, which <see cref="PackSeenInto"/> writes where they are
    /// stored (<see cref="StoredTrustPlaneSnapshot"/>): at a full horizon they are tens of MB.</summary>
    public TrustSnapshot ToSnapshotWithoutSeen() => new(
        _windows.Values.Select(w => w.ToSnapshot()).ToList(),
        _history.Select(w => w.ToSnapshot()).ToList(),
        _totals?.ToSnapshot(),
        Offsets,
        [],
        _maxAt, _closedUpTo, _lastActivity, _forgottenBefore, _recordsSinceTick, Expired, AlreadyCovered, Unreadable);

    /// <summary>How many bytes the remembered keys take packed (<see cref="SeenRecords.PackedLength"/>).</summary>
    public int SeenPackedLength => _seen.PackedLength;

    /// <summary>Packs the remembered keys into <paramref name="destination"/> (<see cref="SeenRecords.PackInto"/>).</summary>
    public void PackSeenInto(Span<byte> destination) => _seen.PackInto(destination);

    public static TrustState FromSnapshot(TrustSnapshot snapshot, TrustSettings? settings = null)
    {
        var state = new TrustState(settings)
        {
            _seen = SeenRecords.FromSnapshot(snapshot.SeenPacked, snapshot.Seen),
            _maxAt = snapshot.MaxAt,
            _closedUpTo = snapshot.ClosedUpTo,
            _lastActivity = snapshot.LastActivity,
            _forgottenBefore = snapshot.ForgottenBefore,
            _recordsSinceTick = snapshot.RecordsSinceTick,
            _totals = snapshot.Totals is { } totals ? TrustWindow.FromSnapshot(totals) : null,
            Expired = snapshot.Expired,
            AlreadyCovered = snapshot.AlreadyCovered,
            Unreadable = snapshot.Unreadable,
        };
        foreach (var w in snapshot.Windows) state._windows[w.Start] = TrustWindow.FromSnapshot(w);
        foreach (var w in snapshot.History) state._history.Enqueue(TrustWindow.FromSnapshot(w));
        state._offsets = CoveredOffsets.From(snapshot.Offsets);
        return state;
    }

    private TrustWindow WindowFor(DateTimeOffset at)
    {
        var start = WindowStartOf(at);
        if (!_windows.TryGetValue(start, out var window))
            _windows[start] = window = new TrustWindow(start, start + Settings.Window);
        return window;
    }

    /// <summary>Closes every open window ending at or before <paramref name="point"/>, oldest first.</summary>
    private void CloseUpTo(DateTimeOffset point, List<MetricsWindow> published)
    {
        if (_closedUpTo is null || point > _closedUpTo) _closedUpTo = point;
        foreach (var window in _windows.Values)
        {
            if (window.End > _closedUpTo) break;
            if (!window.IsClosed) published.Add(window.Publish());
        }
    }

    /// <summary>Drops the windows and ids behind the horizon into the bounded history; a dropped window's pending
    /// close or restatement goes out first.</summary>
    private void Forget(DateTimeOffset cutoff, List<MetricsWindow> published)
    {
        _seen.ForgetBefore(cutoff);
        while (_windows.Count > 0 && _windows.First() is var (start, window) && window.End <= cutoff)
        {
            if (!window.IsClosed || window.RestatementPending) published.Add(window.Publish());
            _windows.Remove(start);
            _history.Enqueue(window);
            while (_history.Count > Settings.History) _forgottenBefore = _history.Dequeue().End;
        }
    }
}
