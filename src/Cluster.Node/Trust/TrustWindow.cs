using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Trust;
using HdrHistogram;

namespace Akka.Payments.Node.Trust;

/// <summary>
/// The running figures of one tumbling window: what <see cref="TrustState"/> counted into it. It only adds what it
/// is given; deciding whether a record counts (offsets, duplicates, expiry, lateness) is the state's job.
/// </summary>
public sealed class TrustWindow
{
    /// <summary>The histogram tracks latencies up to one hour (in µs); longer ones are recorded as one hour, while
    /// <see cref="LatencyFigures.MaxMicros"/> keeps the exact value.</summary>
    public const long HighestTrackableMicros = 3_600_000_000;

    private const int SignificantDigits = 3;

    private readonly SortedDictionary<string, CurrencyTotal> _confirmed = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _declined = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, CurrencyTotal> _credits = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _deadLetters = new(StringComparer.Ordinal);
    private LongHistogram? _latency; // created with the first latency: a window of dead letters needs none
    private long _maxLatencyMicros, _slaMisses, _duplicateOutcomes, _duplicateDeadLetters, _lateRecords;
    private long _withoutInputTime, _negativeLatencies;

    public TrustWindow(DateTimeOffset start, DateTimeOffset end)
    {
        Start = start;
        End = end;
    }

    public DateTimeOffset Start { get; private set; }

    public DateTimeOffset End { get; private set; }

    /// <summary>0 while open; the revision last published once closed.</summary>
    public int Revision { get; private set; }

    public bool IsClosed => Revision > 0;

    /// <summary>The window changed since it was last published.</summary>
    public bool RestatementPending { get; private set; }

    public void AddOutcome(TrustInput.Outcome outcome, TimeSpan sla)
    {
        switch (outcome.Event)
        {
            case PaymentConfirmed p: Add(_confirmed, p.Currency, p.Amount); break;
            case PaymentDeclined d: _declined[d.Reason] = _declined.GetValueOrDefault(d.Reason) + 1; break;
            case CreditApplied c: Add(_credits, c.Currency, c.Amount); break;
        }
        if (outcome.InputTime is not { } inputTime)
        {
            _withoutInputTime++;
            return;
        }
        var latency = outcome.Event.ProcessedAt - inputTime;
        if (latency < TimeSpan.Zero)
        {
            _negativeLatencies++;
            latency = TimeSpan.Zero;
        }
        if (latency > sla) _slaMisses++;
        var micros = latency.Ticks / TimeSpan.TicksPerMicrosecond;
        _maxLatencyMicros = Math.Max(_maxLatencyMicros, micros);
        (_latency ??= NewHistogram()).RecordValue(Math.Min(micros, HighestTrackableMicros));
    }

    public void AddDeadLetter(string reason) => _deadLetters[reason] = _deadLetters.GetValueOrDefault(reason) + 1;

    public void CountDuplicate(TrustInput input)
    {
        if (input is TrustInput.Outcome) _duplicateOutcomes++;
        else _duplicateDeadLetters++;
    }

    /// <summary>A record arrived after the window closed: counted as late, and the window is to be restated.</summary>
    public void CountLate()
    {
        _lateRecords++;
        if (IsClosed) RestatementPending = true;
    }

    /// <summary>Widens the span to cover [<paramref name="start"/>, <paramref name="end"/>) too (for totals).</summary>
    public void Cover(DateTimeOffset start, DateTimeOffset end)
    {
        if (start < Start) Start = start;
        if (end > End) End = end;
    }

    /// <summary>Adds <paramref name="other"/>'s figures to this window's (for totals over several windows): exact for
    /// counts and amounts, and for latency since the histograms add bucket by bucket.</summary>
    public void Add(TrustWindow other)
    {
        Cover(other.Start, other.End);
        foreach (var (currency, total) in other._confirmed) Add(_confirmed, currency, total);
        foreach (var (reason, count) in other._declined) _declined[reason] = _declined.GetValueOrDefault(reason) + count;
        foreach (var (currency, total) in other._credits) Add(_credits, currency, total);
        foreach (var (reason, count) in other._deadLetters) _deadLetters[reason] = _deadLetters.GetValueOrDefault(reason) + count;
        if (other._latency is not null) (_latency ??= NewHistogram()).Add(other._latency);
        _maxLatencyMicros = Math.Max(_maxLatencyMicros, other._maxLatencyMicros);
        _slaMisses += other._slaMisses;
        _duplicateOutcomes += other._duplicateOutcomes;
        _duplicateDeadLetters += other._duplicateDeadLetters;
        _lateRecords += other._lateRecords;
        _withoutInputTime += other._withoutInputTime;
        _negativeLatencies += other._negativeLatencies;
    }

    /// <summary>Closes the window (revision 1) or restates it (the next revision); returns what to publish.</summary>
    public MetricsWindow Publish()
    {
        Revision++;
        RestatementPending = false;
        return Figures();
    }

    /// <summary>The figures as they stand (revision 0 while the window is open).</summary>
    public MetricsWindow Figures()
    {
        var outcomes = _confirmed.Values.Sum(c => c.Count) + _declined.Values.Sum() + _credits.Values.Sum(c => c.Count);
        var deadLetters = _deadLetters.Values.Sum();
        var all = outcomes + deadLetters;
        return MetricsWindow.Of(Start, End, Revision,
            Copy(_confirmed),
            Copy(_declined),
            Copy(_credits),
            Copy(_deadLetters),
            _latency is null
                ? new LatencyFigures(0, 0, 0, 0, 0, 0)
                : new LatencyFigures(_latency.TotalCount, _latency.GetValueAtPercentile(50), _latency.GetValueAtPercentile(95),
                    _latency.GetValueAtPercentile(99), _maxLatencyMicros, _slaMisses),
            new DataQuality(all == 0 ? 0 : (double)deadLetters / all, _duplicateOutcomes, _duplicateDeadLetters, _lateRecords,
                _withoutInputTime, _negativeLatencies));
    }

    public TrustWindowSnapshot ToSnapshot() => new(Start, End, Revision, RestatementPending,
        Copy(_confirmed),
        Copy(_declined),
        Copy(_credits),
        Copy(_deadLetters),
        _latency is null ? [] : _latency.RecordedValues().Select(v => new LatencyBucket(v.ValueIteratedTo, v.CountAddedInThisIterationStep)).ToList(),
        _maxLatencyMicros, _slaMisses, _duplicateOutcomes, _duplicateDeadLetters, _lateRecords, _withoutInputTime, _negativeLatencies);

    public static TrustWindow FromSnapshot(TrustWindowSnapshot s)
    {
        var window = new TrustWindow(s.Start, s.End)
        {
            Revision = s.Revision,
            RestatementPending = s.RestatementPending,
            _maxLatencyMicros = s.MaxLatencyMicros,
            _slaMisses = s.SlaMisses,
            _duplicateOutcomes = s.DuplicateOutcomes,
            _duplicateDeadLetters = s.DuplicateDeadLetters,
            _lateRecords = s.LateRecords,
            _withoutInputTime = s.WithoutInputTime,
            _negativeLatencies = s.NegativeLatencies,
        };
        foreach (var (k, v) in s.Confirmed) window._confirmed[k] = v;
        foreach (var (k, v) in s.Declined) window._declined[k] = v;
        foreach (var (k, v) in s.Credits) window._credits[k] = v;
        foreach (var (k, v) in s.DeadLetters) window._deadLetters[k] = v;
        if (s.Latency.Count > 0)
        {
            window._latency = NewHistogram();
            foreach (var bucket in s.Latency) window._latency.RecordValueWithCount(bucket.Micros, bucket.Count);
        }
        return window;
    }

    private static SortedDictionary<string, T> Copy<T>(SortedDictionary<string, T> figures) => new(figures, StringComparer.Ordinal);

    private static LongHistogram NewHistogram() => new(HighestTrackableMicros, SignificantDigits);

    private static void Add(SortedDictionary<string, CurrencyTotal> totals, string currency, decimal amount) =>
        Add(totals, currency, new CurrencyTotal(1, amount));

    private static void Add(SortedDictionary<string, CurrencyTotal> totals, string currency, CurrencyTotal more)
    {
        var total = totals.GetValueOrDefault(currency) ?? new CurrencyTotal(0, 0m);
        totals[currency] = new CurrencyTotal(total.Count + more.Count, total.Amount + more.Amount);
    }
}
