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
    (double P50Ms, double P99Ms, double MaxMs) Latency)
{
    public int DeadLettered => DeadLetteredByReason.Values.Sum();

    public bool AllAccountedFor =>
        DistinctOutcomes == ExpectedOutcomes && DeadLettered == Options.Bad && ProduceErrors == 0;

    /// <summary>Payments and malformed records handled per second, from the first payment produced to the last outcome read.</summary>
    public double RecordsPerSecond => (DistinctOutcomes - CreditsApplied + DeadLettered) / Math.Max(Elapsed.TotalSeconds, 1e-3);

    public static DemoReport From(DemoOptions options, OutcomeTally tally, int expectedOutcomes, TimeSpan elapsed, int produceErrors)
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
            tally.Latency());
    }

    public void Print(IAnsiConsole console)
    {
        var table = new Table().Title("Akka.Payments demo").AddColumn("what").AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("credits applied", CreditsApplied.ToString("N0"));
        table.AddRow("payments confirmed", Confirmed.ToString("N0"));
        foreach (var reason in DeclineReasons.InPrecedenceOrder.Where(DeclinedByReason.ContainsKey))
            table.AddRow($"declined: {reason}", DeclinedByReason[reason].ToString("N0"));
        foreach (var (reason, count) in DeadLetteredByReason.OrderBy(kv => kv.Key))
            table.AddRow($"dead-lettered: {reason}", count.ToString("N0"));
        table.AddRow("outcomes expected / seen", $"{ExpectedOutcomes:N0} / {DistinctOutcomes:N0}");
        table.AddRow("dead letters expected / seen", $"{Options.Bad:N0} / {DeadLettered:N0}");
        if (DuplicateOutcomes > 0) table.AddRow("re-emitted outcomes (same id)", DuplicateOutcomes.ToString("N0"));
        if (ProduceErrors > 0) table.AddRow("[red]produce errors[/]", ProduceErrors.ToString("N0"));
        table.AddRow("elapsed", $"{Elapsed.TotalSeconds:F1} s");
        table.AddRow("throughput (payment phase)", $"{RecordsPerSecond:N0} records/s (offered {Options.Rate:N0}/s)");
        table.AddRow("latency p50 / p99 / max", $"{Latency.P50Ms:F1} / {Latency.P99Ms:F1} / {Latency.MaxMs:F1} ms");
        console.Write(table);
        console.MarkupLine(AllAccountedFor
            ? "[green]Every record is accounted for.[/]"
            : $"[red]Missing: {ExpectedOutcomes - DistinctOutcomes} outcomes, {Options.Bad - DeadLettered} dead letters.[/]");
    }
}
