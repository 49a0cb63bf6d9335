using System.Text;
using Akka.Payments.Node.Kafka.Streams;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Kafka;

/// <summary>Produce, read back and inspect committed offsets with plain Confluent clients.</summary>
internal static class KafkaTestData
{
    public const int Accounts = 40;

    public static ConsumerSettings Consumer(string bootstrap, string group, int maxBuffered = 256)
    {
        var settings = ConsumerSettings.Create(bootstrap, group);
        // librdkafka's mock coordinator holds every rebalance of a live group (a member joins or leaves) for
        // session.timeout.ms - 1000 before it elects a leader, even when all members have rejoined: with the
        // 6 s we had, each join or leave cost 5 s. 1.5 s makes it 0.5 s; heartbeats every 200 ms and a revoke that
        // waits at most RevokeDrainTimeout keep every member well inside its session.
        settings.Config.SessionTimeoutMs = 1500;
        settings.Config.HeartbeatIntervalMs = 200;
        settings.Config.TopicMetadataRefreshIntervalMs = 1000;
        return settings with
        {
            MaxBufferedRecords = maxBuffered,
            PollTimeout = TimeSpan.FromMilliseconds(20),
            RevokeDrainTimeout = TimeSpan.FromMilliseconds(500),
        };
    }

    public static IProducer<string, byte[]> Producer(string bootstrap) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            LingerMs = 2,
        }).Build();

    /// <summary>Value = the sequence number; key = one of <see cref="Accounts"/> accounts, so per-key order is checkable.</summary>
    public static async Task ProduceSequence(string bootstrap, string topic, int from, int count)
    {
        using var producer = Producer(bootstrap);
        for (var i = from; i < from + count; i++)
            producer.Produce(topic, Message(i));
        producer.Flush(TimeSpan.FromSeconds(30));
        await Task.CompletedTask;
    }

    public static Message<string, byte[]> Message(int sequence) =>
        new() { Key = $"acc-{sequence % Accounts}", Value = Encoding.UTF8.GetBytes(sequence.ToString()) };

    public static int Sequence(ConsumeResult<string, byte[]> record) => int.Parse(Encoding.UTF8.GetString(record.Message.Value));

    /// <summary>Reads every partition of <paramref name="topic"/> from the beginning until <paramref name="expected"/> records or the deadline.</summary>
    public static List<ConsumeResult<string, byte[]>> ReadAll(string bootstrap, string topic, int partitions, int expected, TimeSpan within)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + within;
        while (records.Count < expected && DateTime.UtcNow < deadline)
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } r) records.Add(r);
        return records;
    }

    /// <summary>Per partition: (committed offset of the group, end offset). Lag = end - committed.</summary>
    public static Dictionary<int, (long Committed, long End)> CommittedAndEnd(string bootstrap, string group, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var committed = consumer.Committed(tps, TimeSpan.FromSeconds(10));
        return committed.ToDictionary(
            c => c.Partition.Value,
            c => (c.Offset.Value, consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(10)).High.Value));
    }

    /// <summary>True when, for every key, the sequence numbers appear in increasing order.</summary>
    public static void AssertOrderedPerKey(IEnumerable<ConsumeResult<string, byte[]>> records)
    {
        foreach (var perKey in records.GroupBy(r => r.Message.Key))
        {
            var sequences = perKey.OrderBy(r => r.Partition.Value).ThenBy(r => r.Offset.Value).Select(Sequence).ToList();
            Assert.Equal(sequences.OrderBy(s => s), sequences);
        }
    }
}
