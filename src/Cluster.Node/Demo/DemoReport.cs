using Akka.Payments.Shared.Events;
using Spectre.Console;

namespace Akka.Payments.Node.Demo;

/// <summary>The demo's summary: what was decided, what was dead-lettered, how fast, and whether anything is missing.</summary>
public sealed record DemoReport(
    DemoOptions Options,
    int CreditsApplied,
    int Confirmed,
    IReadOnlyDictionary<string, int> DeclinedByReason,
    IReadOnlyDictionary<string, int> DeadLetteredByReason,
    int ExpectedOutcomes,
    int DistinctOutcomes,
    long DuplicateOutcomes,
    int ProduceErrors,
    TimeSpan Elapsed,
    (double P50Ms, double P99Ms, double MaxMs) Latency,
    IReadOnlyDictionary<string, decimal> ConfirmedAmount,
    MetricsWindow? Trust)
{
    /// <summary>Dead-letter records of a record already dead-lettered (at least once: a rebalance can repeat one).</summary>
    public long DuplicateDeadLetters { get; init; }

    public int DeadLettered => DeadLetteredByReason.Values.Sum();

    /// <summary>The trust plane's totals equal the demo's own tally: every count per reason and every confirmed amount
    /// per currency, and nothing the tally does not have.</summary>
    public bool TrustAgrees => Rows().All(r => r.Demo == r.Trust);

    /// <summary>Each figure as the demo counted it and as the trust plane did (0 where it has none).</summary>
    public IEnumerable<(string What, string Demo, string Trust)> Rows()
    {
        var trust = Trust;
        string Count(long n) => n.ToString("N0");
        yield return ("credits applied", Count(CreditsApplied), Count(trust?.Credits.Values.Sum(c => c.Count) ?? 0));
        yield return ("payments confirmed", Count(Confirmed), Count(trust?.Confirmed.Values.Sum(c => c.Count) ?? 0));
        foreach (var currency in ConfirmedAmount.Keys.Union(trust?.Confirmed.Keys ?? []).Order(StringComparer.Ordinal))
            yield return ($"confirmed amount {currency}", ConfirmedAmount.GetValueOrDefault(currency).ToString("N2"),
                (trust?.Confirmed.GetValueOrDefault(currency)?.Amount ?? 0m).ToString("N2"));
        foreach (var reason in DeclineReasons.InPrecedenceOrder.Union(trust?.Declined.Keys ?? [])
                     .Where(r => DeclinedByReason.ContainsKey(r) || trust?.Declined.ContainsKey(r) == true))
            yield return ($"declined: {reason}", Count(DeclinedByReason.GetValueOrDefault(reason)), Count(trust?.Declined.GetValueOrDefault(reason) ?? 0));
        foreach (var reason in DeadLetteredByReason.Keys.Union(trust?.DeadLetters.Keys ?? []).Order(StringComparer.Ordinal))
            yield return ($"dead-lettered: {reason}", Count(DeadLetteredByReason.GetValueOrDefault(reason)), Count(trust?.DeadLetters.GetValueOrDefault(reason) ?? 0));
    }

    public bool AllAccountedFor =>
        DistinctOutcomes == ExpectedOutcomes && DeadLettered == Options.Bad && ProduceErrors == 0;

    /// <summary>Payments and malformed records handled per second, from the first payment produced to the last outcome read.</summary>
    public double RecordsPerSecond => (DistinctOutcomes - CreditsApplied + DeadLettered) / Math.Max(Elapsed.TotalSeconds, 1e-3);

    public static DemoReport From(DemoOptions options, OutcomeTally tally, int expectedOutcomes, TimeSpan elapsed, int produceErrors, MetricsWindow? trust)
    {
        var outcomes = tally.Outcomes.ToList();
        return new DemoReport(
            options,
            outcomes.Count(o => o is CreditApplied),
            outcomes.Count(o => o is PaymentConfirmed),
            outcomes.OfType<PaymentDeclined>().GroupBy(d => d.Reason).ToDictionary(g => g.Key, g => g.Count()),
            new Dictionary<string, int>(tally.DeadLettersByReason),
            expectedOutcomes,
            outcomes.Count,
            tally.DuplicateOutcomes,
            produceErrors,
            elapsed,
            tally.Latency(),
            outcomes.OfType<PaymentConfirmed>().GroupBy(p => p.Currency).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount)),
            trust) { DuplicateDeadLetters = tally.DuplicateDeadLetters };
    }

    public void Print(IAnsiConsole console)
    {
        // What was decided, as the demo read it from the topics and as the trust plane counted it on its own.
        var figures = new Table().Title("Akka.Payments demo").AddColumn("what")
            .AddColumn(new TableColumn("demo").RightAligned()).AddColumn(new TableColumn("trust plane").RightAligned());
        foreach (var (what, demo, trust) in Rows())
            figures.AddRow(what, demo, demo == trust ? trust : $"[red]{trust}[/]");
        console.Write(figures);

        var run = new Table().AddColumn("run").AddColumn(new TableColumn("").RightAligned());
        run.AddRow("outcomes expected / seen", $"{ExpectedOutcomes:N0} / {DistinctOutcomes:N0}");
        run.AddRow("dead letters expected / seen", $"{Options.Bad:N0} / {DeadLettered:N0}");
        if (DuplicateOutcomes > 0) run.AddRow("re-emitted outcomes (same id)", DuplicateOutcomes.ToString("N0"));
        if (DuplicateDeadLetters > 0) run.AddRow("re-emitted dead letters (same record)", DuplicateDeadLetters.ToString("N0"));
        if (ProduceErrors > 0) run.AddRow("[red]produce errors[/]", ProduceErrors.ToString("N0"));
        run.AddRow("elapsed", $"{Elapsed.TotalSeconds:F1} s");
        run.AddRow("throughput (payment phase)", $"{RecordsPerSecond:N0} records/s (offered {Options.Rate:N0}/s)");
        run.AddRow("latency p50 / p99 / max", $"{Latency.P50Ms:F1} / {Latency.P99Ms:F1} / {Latency.MaxMs:F1} ms");
        console.Write(run);
        console.MarkupLine(AllAccountedFor
            ? "[green]Every record is accounted for.[/]"
            : $"[red]Missing: {ExpectedOutcomes - DistinctOutcomes} outcomes, {Options.Bad - DeadLettered} dead letters.[/]");
        console.MarkupLine(TrustAgrees
            ? "[green]The trust plane's totals equal the demo's own count.[/]"
            : Trust is null
                ? "[red]The trust plane did not answer.[/]"
                : "[red]The trust plane's totals differ from the demo's own count (in red above).[/]");
    }
}
