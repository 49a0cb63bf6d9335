using System.Text;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>One record of the scenario: a valid input, or a malformed record with the dead-letter reason it must get.</summary>
public sealed record ScenarioRecord(Message<string, byte[]> Message, IInputEvent? Input, string? ExpectedDeadLetterReason);

/// <summary>
/// A reproducible load for end-to-end runs: every account credited, then payments over random accounts with
/// credits, redeliveries of the same payment id and malformed records of every reason mixed in; plus a hot account
/// that passes the velocity limit and a big one that passes the daily limit.
/// </summary>
public static class PaymentScenario
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <param name="prefix">Names the accounts (<c>{prefix}-0001</c>, <c>{prefix}-hot</c>) and the malformed records'
    /// keys, so that several scenarios can share one cluster and still be judged apart.</param>
    public static List<ScenarioRecord> Generate(int accounts, int payments, int malformed, int seed = 7, string prefix = "acct")
    {
        string Account(int a) => PaymentScenario.Account(a, prefix);
        var hotAccount = $"{prefix}-hot";
        var bigAccount = $"{prefix}-big";
        var random = new Random(seed);
        var records = new List<ScenarioRecord>();
        var sequence = 0;
        void Add(IInputEvent input) =>
            records.Add(new ScenarioRecord(KafkaCloudEventEncoder.Binary(input, $"ce-{sequence++}", "/e2e", T0), input, null));

        for (var a = 0; a < accounts; a++)
        {
            Add(new AccountCredited($"credit-{a}", Account(a), random.Next(100, 2_000), "EUR", T0));
            if (a % 4 == 0) Add(new AccountCredited($"credit-usd-{a}", Account(a), random.Next(50, 500) + 0.25m, "USD", T0));
        }
        Add(new AccountCredited("credit-hot", hotAccount, 100_000m, "EUR", T0));
        Add(new AccountCredited("credit-big", bigAccount, 200_000m, "EUR", T0));
        for (var i = 0; i < 6; i++)
            Add(new PaymentRequested($"big-{i}", bigAccount, "yacht-dealer", 9_000m, "EUR", "MC", T0.AddMinutes(i)));

        var badEvery = malformed == 0 ? int.MaxValue : payments / malformed;
        var badMade = 0;
        for (var i = 0; i < payments; i++)
        {
            if (i % 50 == 0) Add(new AccountCredited($"topup-{i}", Account(random.Next(accounts)), random.Next(10, 300), "EUR", T0));
            if (i % 100 == 1 && i < 9_000) // 90 payments within 9 seconds: the 61st and later pass the velocity limit
                Add(new PaymentRequested($"hot-{i}", hotAccount, "coffee", 10m, "EUR", "DE", T0.AddMilliseconds(i)));

            var pick = random.Next(100);
            var (amount, currency) = pick switch
            {
                < 1 => (10_000.01m + random.Next(0, 5_000), "EUR"),
                < 3 => (random.Next(1, 50), "JPY"),
                < 6 => (random.Next(1, 50), "GBP"),
                < 16 => (random.Next(1, 120) + 0.5m, "USD"),
                _ => (random.Next(1, 150) + random.Next(0, 100) / 100m, "EUR"),
            };
            var payment = new PaymentRequested($"pay-{i}", Account(random.Next(accounts)), $"payee-{i % 31}", amount, currency, "DE",
                T0.AddSeconds(i * 0.05));
            Add(payment);
            if (i % 97 == 0) Add(payment); // a redelivery from upstream: same payment id, new CloudEvent id
            if (badMade < malformed && (i + 1) % badEvery == 0) records.Add(Malformed(badMade++, prefix));
        }
        while (badMade < malformed) records.Add(Malformed(badMade++, prefix));
        return records;
    }

    public static string Account(int i, string prefix = "acct") => $"{prefix}-{i:D4}";

    /// <summary>Malformed record n: the four dead-letter reasons in turn, each a realistic mistake.</summary>
    public static ScenarioRecord Malformed(int n, string prefix = "acct")
    {
        var reason = DeadLetterReasons.All[n % DeadLetterReasons.All.Count];
        var key = prefix == "acct" ? $"bad-{n}" : $"{prefix}-bad-{n}";
        var valid = new PaymentRequested($"bad-pay-{n}", key, "payee", 10m, "EUR", "DE", T0);
        var message = KafkaCloudEventEncoder.Binary(valid, $"ce-bad-{n}", "/e2e", T0);
        switch (reason)
        {
            case DeadLetterReasons.Undecodable:
                message.Value = Encoding.UTF8.GetBytes("{\"paymentId\": \"bad-pay-" + n + "\", \"amount\": 1");
                break;
            case DeadLetterReasons.UnknownType:
                message.Headers.Remove(CloudEventHeaders.Type);
                message.Headers.Add(CloudEventHeaders.Type, Encoding.UTF8.GetBytes("payments.payment.refunded.v1"));
                break;
            case DeadLetterReasons.SchemaViolation:
                message.Value = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(message.Value).Replace("\"EUR\"", "\"eur\""));
                break;
            case DeadLetterReasons.Oversize:
                message.Value = new byte[100 * 1024];
                break;
        }
        return new ScenarioRecord(message, null, reason);
    }
}
