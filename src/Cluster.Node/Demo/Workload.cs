using System.Text;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Demo;

/// <summary>One record to produce: a valid input event (with its request id) or a malformed record (with the
/// dead-letter reason it must get).</summary>
public sealed record WorkItem(Message<string, byte[]> Message, IInputEvent? Input, string? ExpectedDeadLetterReason);

/// <summary>
/// A seeded, reproducible workload: one credit per account first, then payments over random accounts (mostly small
/// EUR and USD amounts, some in a currency that is not allowed, some over the per-payment limit, some larger than
/// the balance), with malformed records of every dead-letter reason spread among them.
/// </summary>
public static class Workload
{
    public static IReadOnlyList<WorkItem> Credits(string runId, int accounts, int seed, DateTimeOffset at)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, accounts).Select(i =>
        {
            var currency = i % 4 == 3 ? "USD" : "EUR";
            var credit = new AccountCredited($"{runId}-c-{i}", AccountId(runId, i), random.Next(200, 5_000), currency, at);
            return new WorkItem(KafkaCloudEventEncoder.Binary(credit, $"{runId}-ce-c-{i}", "/demo", at), credit, null);
        }).ToList();
    }

    /// <summary>Payments and malformed records, in the order to produce them; <paramref name="now"/> stamps them.</summary>
    public static IEnumerable<Func<DateTimeOffset, WorkItem>> Payments(string runId, int accounts, int payments, int bad, int seed)
    {
        var random = new Random(seed + 1);
        var badEvery = bad == 0 ? int.MaxValue : Math.Max(1, payments / bad);
        var badMade = 0;
        for (var i = 0; i < payments; i++)
        {
            var n = i;
            var account = random.Next(accounts);
            var pick = random.Next(100);
            var (amount, currency) = pick switch
            {
                < 2 => (random.Next(10_001, 20_000), "EUR"),
                < 4 => (random.Next(1, 100), "JPY"),
                < 30 => (random.Next(1, 300), "USD"),
                _ => (random.Next(1, 300) + random.Next(0, 100) / 100m, "EUR"),
            };
            yield return now =>
            {
                var payment = new PaymentRequested($"{runId}-p-{n}", AccountId(runId, account), $"payee-{n % 97}", amount, currency, "DE", now);
                return new WorkItem(KafkaCloudEventEncoder.Binary(payment, $"{runId}-ce-p-{n}", "/demo", now), payment, null);
            };
            if (badMade < bad && (i + 1) % badEvery == 0)
            {
                var b = badMade++;
                yield return now => Malformed(runId, b, AccountId(runId, account), now);
            }
        }
        while (badMade < bad)
        {
            var b = badMade++;
            yield return now => Malformed(runId, b, AccountId(runId, 0), now);
        }
    }

    public static string AccountId(string runId, int i) => $"{runId}-acct-{i}";

    /// <summary>A malformed record of one of the four dead-letter reasons, in turn.</summary>
    public static WorkItem Malformed(string runId, int n, string accountId, DateTimeOffset now)
    {
        var reason = DeadLetterReasons.All[n % DeadLetterReasons.All.Count];
        var valid = new PaymentRequested($"{runId}-bad-{n}", accountId, "payee", 10m, "EUR", "DE", now);
        var message = KafkaCloudEventEncoder.Binary(valid, $"{runId}-ce-bad-{n}", "/demo", now);
        message.Value = reason switch
        {
            DeadLetterReasons.Undecodable => Encoding.UTF8.GetBytes("{ this is not json"),
            DeadLetterReasons.UnknownType => message.Value,
            DeadLetterReasons.SchemaViolation => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(message.Value).Replace("\"amount\":10", "\"amount\":10.001")),
            DeadLetterReasons.Oversize => new byte[256 * 1024],
            _ => message.Value,
        };
        if (reason == DeadLetterReasons.UnknownType)
        {
            message.Headers.Remove(CloudEventHeaders.Type);
            message.Headers.Add(CloudEventHeaders.Type, Encoding.UTF8.GetBytes("payments.payment.refunded.v1"));
        }
        return new WorkItem(message, null, reason);
    }
}
