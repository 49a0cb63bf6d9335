using System.Globalization;
using System.Text;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Validation;
using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>trust</c>: the trust plane's business figures per tumbling window, as it counts and publishes them.
/// Latencies are shown in milliseconds (the contracts carry microseconds).</summary>
public static class TrustPalette
{
    private static readonly ManagementJsonContext Contracts = ManagementJsonContext.Default;

    /// <summary>How many windows <c>trust windows</c> asks for without <c>--last</c>.</summary>
    public const int DefaultLast = 10;

    public static Palette Build() => new("trust", "business figures per window: outcomes, dead letters, latency",
    [
        new("windows", "[--last N]", $"the last N closed windows (default {DefaultLast}), newest first, at their latest revision", async i =>
        {
            i.AtMost(0);
            var last = Last(i);
            var reply = await i.Get(ManagementPaths.TrustWindowsOf(last), Contracts.TrustWindowsResponse);
            i.Show(reply, doc =>
            {
                if (doc.Windows.Count == 0) i.Line("No closed windows yet.");
                else i.Write(Windows(doc.Windows));
                i.Line($"Trust plane on {doc.Host}");
            });
        }, "--last"),
        new("current", "", "the watermark, the windows still open and how many closed ones wait for Kafka", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.TrustCurrent, Contracts.TrustCurrentResponse);
            i.Show(reply, doc =>
            {
                i.Line($"Watermark: {(doc.Watermark is { } w ? Text(w) : "none (no record counted yet)")}");
                if (doc.Open.Count == 0) i.Line("No open windows.");
                else i.Write(Windows(doc.Open));
                i.Line($"Pending (closed, not yet acknowledged by Kafka): {Text(doc.Pending)}");
                i.Line($"Trust plane on {doc.Host}");
            });
        }),
        new("totals", "[--since <RFC 3339 time>]", "everything counted (since a time): per currency, per reason, latency, quality, offsets", async i =>
        {
            i.AtMost(0);
            var since = Since(i);
            var path = since is { } s ? ManagementPaths.TrustTotalsSince(s) : ManagementPaths.TrustTotals;
            var reply = await i.Get(path, Contracts.TrustTotalsResponse);
            i.Show(reply, doc => Totals(i, doc));
        }, "--since"),
    ]);

    private static int Last(Invocation i)
    {
        if (i.OptionalOption("--last") is not { } text) return DefaultLast;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var last))
            throw new UsageException($"--last must be an integer, got '{text}'");
        if (last < 1) throw new UsageException($"--last must be at least 1, got {text}");
        return last <= int.MaxValue ? (int)last : throw new UsageException($"--last must be at most {int.MaxValue}, got {text}");
    }

    private static DateTimeOffset? Since(Invocation i)
    {
        if (i.OptionalOption("--since") is not { } text) return null;
        return Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var since)
            ? since
            : throw new UsageException($"--since must be an RFC 3339 time such as 2026-11-26T14:00:00Z, got '{text}'");
    }

    private static Table Windows(IEnumerable<MetricsWindow> windows)
    {
        // Narrow enough for an 80-column terminal: one line per window, the end left out (start + the window's length).
        var table = Table("window (UTC)", "rev", "confirmed", "declines", "credits", "dead letters",
            "p50/p95/p99/max ms", "SLA misses", "dup", "late");
        foreach (var w in windows)
        {
            table.AddRow(
                Cell(WindowText(w)), Cell(w.Revision), Cell(PerCurrency(w.Confirmed)),
                Cell(w.Declined.Values.Sum()), Cell(PerCurrency(w.Credits)), Cell(w.DeadLetterCount),
                Cell(string.Join('/', new[] { w.Latency.P50Micros, w.Latency.P95Micros, w.Latency.P99Micros, w.Latency.MaxMicros }
                    .Select(m => Millis(m, decimals: 1)))),
                Cell(w.Latency.SlaMisses),
                Cell(w.Quality.DuplicateOutcomes + w.Quality.DuplicateDeadLetters), Cell(w.Quality.LateRecords));
        }
        return table;
    }

    private static void Totals(Invocation i, TrustTotalsResponse doc)
    {
        if (doc.Figures is not { } f)
        {
            i.Line(doc.Since is { } since ? $"Nothing counted since {Text(since)}." : "Nothing counted yet.");
        }
        else
        {
            i.Line($"Figures from {Text(f.Start)} to {Text(f.End)}" + (doc.Complete
                ? doc.Since is { } since ? $" (complete since {Text(since)})" : ""
                : $" (incomplete: {(doc.Since is { } s ? Text(s) : "the start")} is older than the kept history)"));

            var currencies = Table("currency", "confirmed", "confirmed amount", "credits", "credited amount");
            foreach (var currency in f.Confirmed.Keys.Union(f.Credits.Keys).Order(StringComparer.Ordinal))
            {
                var confirmed = f.Confirmed.GetValueOrDefault(currency, new CurrencyTotal(0, 0));
                var credits = f.Credits.GetValueOrDefault(currency, new CurrencyTotal(0, 0));
                currencies.AddRow(Cell(currency), Cell(confirmed.Count), Cell(confirmed.Amount), Cell(credits.Count), Cell(credits.Amount));
            }
            i.Write(currencies);
            i.Write(PerReason("decline reason", f.Declined));
            i.Write(PerReason("dead-letter reason", f.DeadLetters));

            var l = f.Latency;
            i.Line($"Latency ({Text(l.Count)} outcomes with an input time): p50 {Millis(l.P50Micros)} ms, p95 {Millis(l.P95Micros)} ms, " +
                   $"p99 {Millis(l.P99Micros)} ms, max {Millis(l.MaxMicros)} ms, SLA misses {Text(l.SlaMisses)}");
            var q = f.Quality;
            i.Line($"Quality: dead-letter share {q.DeadLetterShare.ToString("0.##%", CultureInfo.InvariantCulture)}, " +
                   $"duplicate outcomes {Text(q.DuplicateOutcomes)}, duplicate dead letters {Text(q.DuplicateDeadLetters)}, " +
                   $"late {Text(q.LateRecords)}, without input time {Text(q.WithoutInputTime)}, negative latencies {Text(q.NegativeLatencies)}");
        }
        i.Line($"Not counted: expired {Text(doc.Expired)}, already covered {Text(doc.AlreadyCovered)}, unreadable {Text(doc.Unreadable)}");
        if (doc.Offsets.Count == 0) i.Line("No offsets counted yet.");
        else
        {
            var offsets = Table("topic", "partition", "next offset");
            foreach (var o in doc.Offsets) offsets.AddRow(Cell(o.Topic), Cell(o.Partition), Cell(o.NextOffset));
            i.Write(offsets);
        }
        i.Line($"Trust plane on {doc.Host}");
    }

    private static Table PerReason(string column, IReadOnlyDictionary<string, long> counts)
    {
        var table = Table(column, "count");
        foreach (var (reason, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal)) table.AddRow(Cell(reason), Cell(count));
        if (counts.Count == 0) table.AddRow(Cell("(none)"), Cell(0));
        return table;
    }

    /// <summary><c>EUR 2/39.80, USD 1/0.10</c>: count and amount per currency; <c>-</c> when there is none.</summary>
    private static string PerCurrency(IReadOnlyDictionary<string, CurrencyTotal> totals) =>
        totals.Count == 0
            ? "-"
            : string.Join(", ", totals.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => $"{t.Key} {Text(t.Value.Count)}/{Text(t.Value.Amount)}"));

    /// <summary>Microseconds as milliseconds, to the microsecond (or to <paramref name="decimals"/>): <c>1.5</c>, <c>12.007</c>.</summary>
    public static string Millis(long micros, int decimals = 3) =>
        Math.Round(micros / 1000m, decimals, MidpointRounding.AwayFromZero).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary><c>2026-11-26 14:00:00</c>, in UTC: a window's start.</summary>
    private static string WindowText(MetricsWindow w) =>
        w.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
