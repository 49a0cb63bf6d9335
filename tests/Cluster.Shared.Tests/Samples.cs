using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.Tests;

/// <summary>One event of each type, the specs build on (Cluster.Node.Tests links this file too).</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Time = new(2026, 11, 26, 14, 0, 0, 123, TimeSpan.Zero);

    public static AccountCredited Credit => new("credit-1", "acc-1", 250.75m, "EUR", Time);

    public static PaymentRequested Payment => new("pay-1", "acc-1", "shop-9", 19.90m, "EUR", "DE", Time.AddSeconds(1));

    public static CreditApplied CreditApplied => new("credit-1", "acc-1", 250.75m, "EUR", 1250.75m, "ev-1", "payments.requested/3/42", Time.AddMilliseconds(5));

    public static PaymentConfirmed Confirmed => new("pay-1", "acc-1", 19.90m, "EUR", 1230.85m, 7, "ev-2", "payments.requested/3/43", new DateTimeOffset(2026, 11, 26, 16, 0, 1, 5, TimeSpan.FromHours(2)).AddTicks(4567));

    public static PaymentDeclined Declined => new("pay-2", "acc-1", 99999.99m, "EUR", DeclineReasons.AmountOverLimit, 7, "ev-3", "payments.requested/3/44", Time.AddSeconds(2));

    public static MetricsWindowClosed WindowClosed => new()
    {
        Start = new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero),
        End = new DateTimeOffset(2026, 11, 26, 14, 1, 0, TimeSpan.Zero),
        Revision = 1,
        Confirmed = new SortedDictionary<string, CurrencyTotal>(StringComparer.Ordinal) { ["CHF"] = new(1, 5.00m), ["EUR"] = new(2, 39.80m) },
        Declined = new SortedDictionary<string, long>(StringComparer.Ordinal) { [DeclineReasons.AmountOverLimit] = 1 },
        Credits = new SortedDictionary<string, CurrencyTotal>(StringComparer.Ordinal) { ["EUR"] = new(1, 250.75m) },
        DeadLetters = new SortedDictionary<string, long>(StringComparer.Ordinal) { [DeadLetterReasons.SchemaViolation] = 1 },
        Latency = new LatencyFigures(4, 1500, 12007, 12007, 12010, 1),
        Quality = new DataQuality(0.2, 1, 0, 0, 1, 0),
    };

    public static MetricsWindowRestated WindowRestated => new()
    {
        Start = WindowClosed.Start,
        End = WindowClosed.End,
        Revision = 2,
        Confirmed = new SortedDictionary<string, CurrencyTotal>(StringComparer.Ordinal) { ["CHF"] = new(1, 5.00m), ["EUR"] = new(3, 59.70m) },
        Declined = WindowClosed.Declined,
        Credits = WindowClosed.Credits,
        DeadLetters = WindowClosed.DeadLetters,
        Latency = new LatencyFigures(5, 1500, 12007, 60031, 60000, 2),
        Quality = new DataQuality(1 / 7.0, 1, 0, 1, 1, 0),
    };

    public static IEnumerable<object[]> Inputs() => [[Credit], [Payment]];

    public static IEnumerable<object[]> Outcomes() => [[CreditApplied], [Confirmed], [Declined]];

    /// <summary>One sample of every event type.</summary>
    public static RulesUpdated RulesUpdated => new(2, "maxAmount", "10000", "2500.50", "token@127.0.0.1", Time, "INC-42: card testing on large amounts");

    public static IEnumerable<object> Events() => [Credit, Payment, CreditApplied, Confirmed, Declined, WindowClosed, WindowRestated, RulesUpdated, ScaleDecided];

    public static readonly ScaleDecided ScaleDecided = new("scale-1", new DateTimeOffset(2026, 11, 29, 21, 0, 5, TimeSpan.Zero), 1, 3, "lag_seconds",
        "autoscaler", new ScaleDecidedSignals(1, 1, 4, 20_000, 0, 0, 20_000, 100, 200, 0.5, 3, 1, 0, null,
            new List<ScaleNodeSignals> { new("akka.tcp://payments@10.0.0.5:4053", new DateTimeOffset(2026, 11, 29, 21, 0, 3, TimeSpan.Zero), 100, 12,
                new List<string> { "payments.requested/0", "payments.requested/1" }, 0.5) }));
}
