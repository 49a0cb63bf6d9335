using Akka.Payments.Shared;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>One record as it lies on a topic: where it is, and its key, headers and value exactly as bytes.</summary>
public sealed record RawRecord(string Topic, int Partition, long Offset, string Key, IReadOnlyList<(string Key, byte[] Value)> Headers, byte[] Value)
{
    public Message<string, byte[]> ToMessage()
    {
        var headers = new Headers();
        foreach (var (key, value) in Headers) headers.Add(key, value);
        return new Message<string, byte[]> { Key = Key, Value = Value, Headers = headers };
    }

    public string? Header(string key) =>
        Headers.LastOrDefault(h => h.Key == key) is { Value: { } value } ? System.Text.Encoding.UTF8.GetString(value) : null;

    /// <summary>Same key, same headers in the same order, same value: the same record, byte for byte.</summary>
    public bool SameBytesAs(RawRecord other) =>
        Key == other.Key
        && Value.AsSpan().SequenceEqual(other.Value)
        && Headers.Count == other.Headers.Count
        && Headers.Zip(other.Headers, (a, b) => a.Key == b.Key && a.Value.AsSpan().SequenceEqual(b.Value)).All(same => same);
}

/// <summary>
/// Reads <c>payments.processed</c> and <c>payments.dlq</c> from the beginning, as an outside consumer would, keeping
/// every record's bytes; can read to the end of the topics as they are at the moment of asking, and tell the node
/// group's lag.
/// </summary>
public sealed class RawTopicReader : IDisposable
{
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly List<TopicPartition> _partitions;
    private readonly Dictionary<TopicPartition, long> _next = new();
    private readonly string _bootstrapServers;

    /// <param name="fromNow">Read only what is written from now on (the topics' current ends), not from the beginning:
    /// for a run on a cluster that earlier runs filled, whose old records the embedded broker may be dropping.</param>
    public RawTopicReader(string bootstrapServers, int partitions, bool fromNow = false)
    {
        _bootstrapServers = bootstrapServers;
        _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "replay-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10, // the mock broker answers a fetch only when this expires
            // The embedded broker keeps ~5 MiB per partition and drops the oldest records: a reader that falls behind
            // that must fail, never skip silently to the end (it would report outcomes it did not see as lost).
            AutoOffsetReset = AutoOffsetReset.Error,
        }).Build();
        _partitions = new[] { Topics.Processed, Topics.DeadLetters }
            .SelectMany(topic => Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)))
            .ToList();
        _consumer.Assign(_partitions.Select(tp => new TopicPartitionOffset(tp,
            fromNow ? _consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High : Offset.Beginning)));
    }

    public List<RawRecord> Outcomes { get; } = new();

    public List<RawRecord> DeadLetters { get; } = new();

    /// <summary>Reads until <paramref name="done"/> holds or the deadline passes; returns whether it held.</summary>
    public bool ReadUntil(Func<RawTopicReader, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!done(this))
        {
            if (DateTime.UtcNow > deadline) return false;
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is null || result.IsPartitionEOF) continue;
            var record = new RawRecord(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key,
                result.Message.Headers.Select(h => (h.Key, h.GetValueBytes())).ToList(), result.Message.Value);
            _next[result.TopicPartition] = result.Offset.Value + 1;
            (result.Topic == Topics.DeadLetters ? DeadLetters : Outcomes).Add(record);
        }
        return true;
    }

    /// <summary>Reads every record written to the topics up to now; returns whether it got there in time.</summary>
    public bool ReadToEnd(TimeSpan within)
    {
        var ends = _partitions.ToDictionary(tp => tp, tp => _consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        return ReadUntil(_ => ends.All(end => end.Value == 0 || _next.GetValueOrDefault(end.Key) >= end.Value), within);
    }

    /// <summary>Records the consumer group has not committed yet on <c>payments.requested</c>: log end minus
    /// committed offset, summed over partitions (the mock broker has no group-admin API).</summary>
    public long Lag(string groupId, int partitions)
    {
        using var group = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _bootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
        }).Build();
        var requested = Enumerable.Range(0, partitions).Select(p => new TopicPartition(Topics.Requested, p)).ToList();
        var committed = group.Committed(requested, TimeSpan.FromSeconds(10)).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        return requested.Sum(tp =>
        {
            var end = group.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            return end - Math.Max(committed.GetValueOrDefault(tp, 0), 0);
        });
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
