using Akka.Payments.Bench.Harness;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;
using Confluent.Kafka;

namespace Akka.Payments.Bench.Baseline;

/// <summary>
/// What a user would write without actors: one Confluent.Kafka consume loop that polls a batch, decodes it with the
/// same decoder, decides each record with the same pure <see cref="AccountState"/>, inserts the same journal rows in
/// one transaction, produces the outcomes (or dead letters), waits for the acknowledgements, then commits.
/// State lives in a dictionary and starts empty (the benchmark gives it a fresh database): it does no recovery,
/// no sharding, no failover — the cost the ratio measures is everything our architecture adds.
/// </summary>
public static class BaselineWorker
{
    private const int MaxBatch = 5_000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(5);

    public static async Task<int> Run(BenchOptions options, CancellationToken stop)
    {
        var rules = BenchRules.Relaxed;
        var decoder = new KafkaCloudEventDecoder();
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
            GroupId = "bench-baseline",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe(Topics.Requested);

        var accounts = new Dictionary<string, AccountState>(StringComparer.Ordinal);
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
                var decoded = decoder.Decode(record);
                if (decoded.Rejection is { } rejection)
                {
                    messages.Add((Topics.DeadLetters, DeadLetterMessages.Build(record, rejection, now)));
                    continue;
                }
                var input = decoded.Input!;
                var source = $"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}";
                if (!accounts.TryGetValue(input.Event.AccountId, out var account))
                    accounts[input.Event.AccountId] = account = new AccountState(input.Event.AccountId);
                var command = new DecideEvent(input.Event, new Lineage(input.Id, source));
                var decision = account.Decide(command, rules, now);
                // The baseline keeps no request index: a request the filter flags (a replay, or a false positive under
                // 1%) is decided as new. The bench sends no replays, so this costs it nothing it should pay.
                if (decision is Decision.CheckHistory) decision = account.DecideNew(command, rules, now);
                switch (decision)
                {
                    case Decision.Accepted accepted:
                        account.Apply(accepted.Event);
                        var (manifest, bytes) = PaymentsSerializer.Encode(accepted.Event);
                        rows.Add(new JournalRow("account-" + account.AccountId, account.EventCount, now.ToUnixTimeMilliseconds(), manifest, bytes));
                        messages.Add((Topics.Processed, OutcomeMessages.ToMessage(accepted.Event.Outcome)));
                        break;
                    case Decision.Duplicate duplicate:
                        messages.Add((Topics.Processed, OutcomeMessages.ToMessage(duplicate.FirstOutcome)));
                        break;
                    case Decision.Failed failed:
                        messages.Add((Topics.DeadLetters, DeadLetterMessages.Build(record, new Rejection(DeadLetterReasons.DecisionFailed, failed.Error), now)));
                        break;
                }
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
