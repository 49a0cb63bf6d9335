using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>Reads <c>payments.processed</c> and <c>payments.dlq</c> from the beginning, as an outside consumer would.</summary>
public sealed class TopicReader : IDisposable
{
    private readonly IConsumer<string, byte[]> _consumer;

    public TopicReader(string bootstrapServers, int partitions)
    {
        _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "e2e-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            // The embedded (mock) broker answers a fetch only when fetch.wait.max.ms expires (500 ms by default).
            FetchWaitMaxMs = 10,
        }).Build();
        _consumer.Assign(new[] { Topics.Processed, Topics.DeadLetters }
            .SelectMany(topic => Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning))));
    }

    /// <summary>Every outcome read, with its CloudEvents id, in topic order per partition.</summary>
    public List<(string CeId, IOutcomeEvent Outcome)> Outcomes { get; } = new();

    private readonly HashSet<(string AccountId, string RequestId, bool IsCredit)> _requests = new();

    /// <summary>Every dead letter read: key and <c>dlq_reason</c>.</summary>
    public List<(string Key, string? Reason, DeadLetterHeaders? Headers)> DeadLetters { get; } = new();

    /// <summary>Reads until <paramref name="done"/> holds or the deadline passes; returns whether it held.</summary>
    public bool ReadUntil(Func<TopicReader, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!done(this))
        {
            if (DateTime.UtcNow > deadline) return false;
            var record = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record?.Message is null || record.IsPartitionEOF) continue;
            if (record.Topic == Topics.DeadLetters)
            {
                var headers = DeadLetterHeaders.Read(record.Message.Headers);
                DeadLetters.Add((record.Message.Key, headers?.Reason, headers));
            }
            else
            {
                var outcome = OutcomeMessages.FromMessage(record.Message) ?? throw new InvalidOperationException("not an outcome");
                var ceId = System.Text.Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(CloudEventHeaders.Id));
                Outcomes.Add((ceId, outcome));
                _requests.Add((outcome.AccountId, outcome.RequestId, outcome is CreditApplied));
            }
        }
        return true;
    }

    /// <summary>Distinct requests (account, id, credit?) that have at least one outcome. Kept as records arrive:
    /// <see cref="ReadUntil"/> asks after every record, and counting afresh made reading 20,000 outcomes take minutes.</summary>
    public int DistinctRequests => _requests.Count;

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
