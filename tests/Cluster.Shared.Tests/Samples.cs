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

    public static IEnumerable<object[]> Inputs() => [[Credit], [Payment]];

    public static IEnumerable<object[]> Outcomes() => [[CreditApplied], [Confirmed], [Declined]];

    /// <summary>One sample of every event type.</summary>
    public static IEnumerable<object> Events() => [Credit, Payment, CreditApplied, Confirmed, Declined];
}
