using System.Text;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Shared.Tests;

/// <summary>Events and records the specs build on.</summary>
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

    public const string ValidPaymentJson =
        """{"paymentId":"pay-1","accountId":"acc-1","payee":"shop-9","amount":19.90,"currency":"EUR","country":"DE","requestedAt":"2026-11-26T14:00:01.123Z"}""";

    /// <summary>A binary-mode record with the given data; <paramref name="without"/> leaves one header out.</summary>
    public static Message<string, byte[]> BinaryRecord(
        string json, string key = "acc-1", string type = EventTypes.PaymentRequested, string? without = null)
    {
        var headers = new Headers();
        void Add(string name, string value)
        {
            if (name != without) headers.Add(name, Encoding.UTF8.GetBytes(value));
        }
        Add(CloudEventHeaders.SpecVersion, "1.0");
        Add(CloudEventHeaders.Id, "ev-1");
        Add(CloudEventHeaders.Source, "/tests");
        Add(CloudEventHeaders.Type, type);
        Add(CloudEventHeaders.Time, "2026-11-26T14:00:00.123Z");
        Add(CloudEventHeaders.ContentType, "application/json");
        return new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(json), Headers = headers };
    }

    /// <summary><see cref="ValidPaymentJson"/> with one property replaced by raw JSON (or removed when null).</summary>
    public static string PaymentWith(string property, string? rawValue)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(ValidPaymentJson)!.AsObject();
        node.Remove(property);
        if (rawValue is not null) node[property] = System.Text.Json.Nodes.JsonNode.Parse(rawValue);
        return node.ToJsonString();
    }
}
