using System.Diagnostics;
using System.Text;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Bench.Harness;

/// <summary>
/// Produces CloudEvents into <c>payments.requested</c> on a schedule (open loop: the send times do not depend on
/// how fast the system answers). Every record's <c>ce_id</c> starts with the trial's prefix so the meter can tell
/// trials apart, and the send time of each one is handed to the meter.
/// </summary>
public sealed class LoadGenerator(string bootstrapServers, int accounts, WorkloadMix mix) : IDisposable
{
    private readonly IProducer<string, byte[]> _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        EnableIdempotence = true,
        LingerMs = 5,
        BatchNumMessages = 10_000,
        QueueBufferingMaxMessages = 1_000_000,
    }).Build();
    private long _errors;

    public long ProduceErrors => Interlocked.Read(ref _errors);

    public static string Account(int i) => $"bench-acct-{i}";

    /// <summary>Credits every account with plenty, so that payments confirm unless the mix asks for a decline.</summary>
    public int WarmUp(string prefix, OutcomeMeter meter)
    {
        for (var a = 0; a < accounts; a++)
        {
            var id = $"{prefix}-{a}";
            Send(new AccountCredited(id, Account(a), 1_000_000m, "EUR", DateTimeOffset.UtcNow), id, meter);
        }
        _producer.Flush(TimeSpan.FromSeconds(60));
        return accounts;
    }

    /// <summary>Offers <paramref name="rate"/> records per second for <paramref name="duration"/>; returns how many
    /// expect an outcome and how many a dead letter.</summary>
    public async Task<(int Outcomes, int DeadLetters)> Offer(string prefix, double rate, TimeSpan duration, OutcomeMeter meter, int seed)
    {
        var random = new Random(seed);
        var total = (int)(rate * duration.TotalSeconds);
        int outcomes = 0, deadLetters = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due - clock.Elapsed is { TotalMilliseconds: > 2 } wait) await Task.Delay(wait);
            var id = $"{prefix}-{i}";
            var account = Account(random.Next(accounts));
            var now = DateTimeOffset.UtcNow;
            var pick = random.Next(100);
            if (pick < mix.Credits)
            {
                Send(new AccountCredited(id, account, 10m, "EUR", now), id, meter);
                outcomes++;
            }
            else if (pick < mix.Credits + mix.Payments)
            {
                Send(new PaymentRequested(id, account, "payee", 1m + random.Next(0, 10_000) / 100m, "EUR", "DE", now), id, meter);
                outcomes++;
            }
            else if (pick < mix.Credits + mix.Payments + mix.Declines)
            {
                var (amount, currency) = random.Next(2) == 0 ? (12_000m, "EUR") : (10m, "JPY");
                Send(new PaymentRequested(id, account, "payee", amount, currency, "DE", now), id, meter);
                outcomes++;
            }
            else
            {
                var message = KafkaCloudEventEncoder.Binary(new PaymentRequested(id, account, "p", 1m, "EUR", "DE", now), id, "/bench", now);
                message.Value = Encoding.UTF8.GetBytes("{ not json");
                Produce(message);
                deadLetters++;
            }
        }
        _producer.Flush(TimeSpan.FromSeconds(60));
        return (outcomes, deadLetters);
    }

    private void Send(IInputEvent input, string ceId, OutcomeMeter meter)
    {
        meter.Sent(ceId);
        Produce(KafkaCloudEventEncoder.Binary(input, ceId, "/bench", DateTimeOffset.UtcNow));
    }

    private void Produce(Message<string, byte[]> message)
    {
        while (true)
        {
            try
            {
                _producer.Produce(Topics.Requested, message, r => { if (r.Error.IsError) Interlocked.Increment(ref _errors); });
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(10)); // the local queue is full: the broker is the bottleneck
            }
        }
    }

    public void Dispose() => _producer.Dispose();
}
