using System.Globalization;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.IntegrationTests.Processes;

/// <summary>
/// The business figures of the trust plane (confirmed and credits per currency, declines and dead letters per
/// reason), counted by the test on its own: from the records of <c>payments.processed</c> and <c>payments.dlq</c>
/// (distinct <c>ce_id</c>, distinct <c>dlq_source</c>), or from the scenario and the reference model. Compared
/// value by value (decimal amounts numerically), with <see cref="Diff"/> naming every difference.
/// </summary>
public sealed class BusinessFigures
{
    private readonly SortedDictionary<string, CurrencyTotal> _confirmed = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _declined = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, CurrencyTotal> _credits = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _deadLetters = new(StringComparer.Ordinal);

    /// <summary>Distinct outcomes: confirmed, declined and credits.</summary>
    public long Outcomes => _confirmed.Values.Sum(c => c.Count) + _declined.Values.Sum() + _credits.Values.Sum(c => c.Count);

    public long DeadLetters => _deadLetters.Values.Sum();

    /// <summary>The figures of a trust window as the trust plane reported them (empty when it counted nothing).</summary>
    public static BusinessFigures Of(MetricsWindow? window)
    {
        var figures = new BusinessFigures();
        if (window is null) return figures;
        foreach (var (k, v) in window.Confirmed) figures._confirmed[k] = v;
        foreach (var (k, v) in window.Declined) figures._declined[k] = v;
        foreach (var (k, v) in window.Credits) figures._credits[k] = v;
        foreach (var (k, v) in window.DeadLetters) figures._deadLetters[k] = v;
        return figures;
    }

    /// <summary>
    /// Counts the records as read from the topics: the first outcome of each <c>ce_id</c> (a re-emitted outcome is
    /// identical, id included) and the first dead letter of each <c>dlq_source</c> (a dead letter without one counts
    /// on its own, as nothing can recognise it again).
    /// </summary>
    public static BusinessFigures FromTopics(IEnumerable<RawRecord> outcomes, IEnumerable<RawRecord> deadLetters)
    {
        var figures = new BusinessFigures();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in outcomes)
        {
            var id = record.Header(CloudEventHeaders.Id) ?? throw new InvalidOperationException($"an outcome without ce_id at {record.Topic}/{record.Partition}/{record.Offset}");
            if (!seen.Add(id)) continue;
            figures.Add(OutcomeMessages.FromMessage(record.ToMessage())
                        ?? throw new InvalidOperationException($"not an outcome at {record.Topic}/{record.Partition}/{record.Offset}"));
        }
        seen.Clear();
        foreach (var record in deadLetters)
        {
            var source = record.Header(DeadLetterHeaders.SourceHeader);
            if (!string.IsNullOrEmpty(source) && !seen.Add(source)) continue;
            var reason = record.Header(DeadLetterHeaders.ReasonHeader)
                         ?? throw new InvalidOperationException($"a dead letter without dlq_reason at {record.Topic}/{record.Partition}/{record.Offset}");
            figures._deadLetters[reason] = figures._deadLetters.GetValueOrDefault(reason) + 1;
        }
        return figures;
    }

    /// <summary>What the scenario must come to: each request decided once as the reference model decides it, with
    /// its input's amount, and each malformed record dead-lettered once with its reason.</summary>
    public static BusinessFigures FromScenario(IEnumerable<ScenarioRecord> scenario, ReferenceModel model)
    {
        var figures = new BusinessFigures();
        var decided = new HashSet<(string, string, bool)>();
        foreach (var record in scenario)
        {
            if (record.ExpectedDeadLetterReason is { } reason)
            {
                figures._deadLetters[reason] = figures._deadLetters.GetValueOrDefault(reason) + 1;
                continue;
            }
            var key = ReferenceModel.KeyOf(record.Input!);
            if (!decided.Add(key)) continue;
            var outcome = model.Decided[key];
            switch (record.Input)
            {
                case AccountCredited c: AddTo(figures._credits, c.Currency, c.Amount); break;
                case PaymentRequested p when outcome.Kind == "confirmed": AddTo(figures._confirmed, p.Currency, p.Amount); break;
                case PaymentRequested: figures._declined[outcome.Reason!] = figures._declined.GetValueOrDefault(outcome.Reason!) + 1; break;
            }
        }
        return figures;
    }

    /// <summary>Every figure that differs, one per line as <c>map key: expected X, actual Y</c>; empty when equal.</summary>
    public string Diff(BusinessFigures actual)
    {
        var lines = new List<string>();
        Compare("confirmed", _confirmed, actual._confirmed, lines);
        Compare("declined", _declined, actual._declined, lines);
        Compare("credits", _credits, actual._credits, lines);
        Compare("dead letters", _deadLetters, actual._deadLetters, lines);
        return string.Join(Environment.NewLine, lines);
    }

    public override string ToString() =>
        $"confirmed {Show(_confirmed)}; declined {Show(_declined)}; credits {Show(_credits)}; dead letters {Show(_deadLetters)}";

    private void Add(IOutcomeEvent outcome)
    {
        switch (outcome)
        {
            case PaymentConfirmed p: AddTo(_confirmed, p.Currency, p.Amount); break;
            case PaymentDeclined d: _declined[d.Reason] = _declined.GetValueOrDefault(d.Reason) + 1; break;
            case CreditApplied c: AddTo(_credits, c.Currency, c.Amount); break;
        }
    }

    private static void AddTo(SortedDictionary<string, CurrencyTotal> totals, string currency, decimal amount)
    {
        var total = totals.GetValueOrDefault(currency) ?? new CurrencyTotal(0, 0m);
        totals[currency] = new CurrencyTotal(total.Count + 1, total.Amount + amount);
    }

    private static void Compare<T>(string map, SortedDictionary<string, T> expected, SortedDictionary<string, T> actual, List<string> lines)
    {
        foreach (var key in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var (e, a) = (expected.GetValueOrDefault(key), actual.GetValueOrDefault(key));
            if (!EqualityComparer<T>.Default.Equals(e, a))
                lines.Add($"{map} {key}: expected {Show(e)}, actual {Show(a)}");
        }
    }

    private static string Show<T>(SortedDictionary<string, T> map) =>
        "{" + string.Join(", ", map.Select(kv => $"{kv.Key}: {Show(kv.Value)}")) + "}";

    private static string Show<T>(T value) => value switch
    {
        null => "none",
        CurrencyTotal t => string.Create(CultureInfo.InvariantCulture, $"{t.Count} for {t.Amount}"),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
