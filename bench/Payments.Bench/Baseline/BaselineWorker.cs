using Akka.Payments.Bench.Harness;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Serialization;
using Confluent.Kafka;

namespace Akka.Payments.Bench.Baseline;

/// <summary>
/// What a user would write without actors: one Confluent.Kafka consume loop that polls a batch, decodes it with the
/// same decoder, decides each record with the same pure <see cref="AccountState"/> (<see cref="PlainDecider"/>, as the
/// Streamiz peer does), inserts the same journal rows in
/// one transaction, produces the outcomes (or dead letters), waits for the acknowledgements, then commits.
/// State lives in a dictionary and starts empty (the benchmark gives it a fresh database): it does no recovery,
/// no sharding, no failover — the cost the ratio measures is everything our architecture adds.
/// </summary>
public static class BaselineWorker
{
    /// <summary>The consumer group it reads <c>payments.requested</c> with.</summary>
    public const string GroupId = "bench-baseline";

    private const int MaxBatch = 5_000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(5);

    public static async Task<int> Run(BenchOptions options, CancellationToken stop)
    {
        var decider = new PlainDecider();
        using var journal = JournalWriter.Open(options.Journal, options.Connection!);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = options.Bootstrap,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        }).Build();
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = options.Bootstrap,
            GroupId = GroupId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe(Topics.Requested);

        var accounts = new Dictionary<string, AccountState>(StringComparer.Ordinal);
        AccountState AccountOf(string id) =>
            accounts.TryGetValue(id, out var account) ? account : accounts[id] = new AccountState(id);
        var batch = new List<ConsumeResult<string, byte[]>>(MaxBatch);
        var rows = new List<JournalRow>(MaxBatch);
        var messages = new List<(string Topic, Message<string, byte[]> Message)>(MaxBatch);
        Console.WriteLine(SystemUnderTest.BaselineReadyLine);

        while (!stop.IsCancellationRequested)
        {
            batch.Clear();
            rows.Clear();
            messages.Clear();
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } first) continue;
            batch.Add(first);
            var windowEnds = DateTime.UtcNow + BatchWindow;
            while (batch.Count < MaxBatch && DateTime.UtcNow < windowEnds && consumer.Consume(TimeSpan.Zero) is { } next)
                batch.Add(next);

            var now = DateTimeOffset.UtcNow;
            foreach (var record in batch)
            {
                var decided = decider.Decide(record, AccountOf, now);
                if (decided.Accepted is { } accepted)
                {
                    var (manifest, bytes) = PaymentsSerializer.Encode(accepted);
                    rows.Add(new JournalRow("account-" + decided.Account!.AccountId, decided.Account.EventCount, now.ToUnixTimeMilliseconds(), manifest, bytes));
                }
                messages.Add((decided.Topic, decided.Message));
            }

            journal.Write(rows);
            await Task.WhenAll(messages.Select(m => producer.ProduceAsync(m.Topic, m.Message)));
            consumer.Commit(batch
                .GroupBy(r => r.TopicPartition)
                .Select(g => new TopicPartitionOffset(g.Key, new Offset(g.Max(r => r.Offset.Value) + 1))));
        }
        consumer.Close();
        return 0;
    }
}
