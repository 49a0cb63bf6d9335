using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;
using HdrHistogram;

namespace Akka.Payments.Node.Demo;

/// <summary>
/// Reads <c>payments.processed</c> and <c>payments.dlq</c> from the beginning (no consumer group) and counts what
/// belongs to one run: distinct outcomes by request, declines by reason, distinct dead letters (by the coordinates of
/// the record they stand for: a rebalance can dead-letter one record twice) by reason, and the latency
/// from the moment each request was produced to the moment its outcome was read.
/// </summary>
public sealed class OutcomeTally(string bootstrapServers, string runId) : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _sentAt = new();
    private readonly ConcurrentDictionary<string, IOutcomeEvent> _outcomes = new();
    private readonly ConcurrentDictionary<string, int> _deadLetters = new();
    private readonly ConcurrentDictionary<string, byte> _deadLetterSources = new();
    private readonly LongHistogram _latencyMicros = new(10L * 60 * 1_000_000, 3); // microseconds, up to 10 minutes
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private long _duplicateOutcomes, _duplicateDeadLetters, _deadLetterCount, _lastReadTicks;

    public int DistinctOutcomes => _outcomes.Count;
    public long DuplicateOutcomes => Interlocked.Read(ref _duplicateOutcomes);
    public long DuplicateDeadLetters => Interlocked.Read(ref _duplicateDeadLetters);
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);
    public IReadOnlyDictionary<string, int> DeadLettersByReason => _deadLetters;
    public IEnumerable<IOutcomeEvent> Outcomes => _outcomes.Values;
    public long LastReadTimestamp => Interlocked.Read(ref _lastReadTicks);

    public void Sent(string requestId) => _sentAt[requestId] = Stopwatch.GetTimestamp();

    public void Start()
    {
        _thread = new Thread(Consume) { IsBackground = true, Name = "demo-outcome-tally" };
        _thread.Start();
    }

    private void Consume()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"demo-tally-{runId}",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10, // what we measure is the node's latency, not how long the broker holds a fetch
        }).Build();
        consumer.Subscribe([Topics.Processed, Topics.DeadLetters]);
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<string, byte[]>? result;
            try { result = consumer.Consume(TimeSpan.FromMilliseconds(100)); }
            catch (ConsumeException) { continue; }
            if (result?.Message is null || !result.Message.Key.StartsWith(runId, StringComparison.Ordinal)) continue;
            Interlocked.Exchange(ref _lastReadTicks, Stopwatch.GetTimestamp());
            if (result.Topic == Topics.DeadLetters) CountDeadLetter(result.Message.Headers);
            else if (OutcomeMessages.FromMessage(result.Message) is { } outcome) Count(outcome);
        }
        consumer.Close();
    }

    private void CountDeadLetter(Headers headers)
    {
        var source = headers.TryGetLastBytes(DeadLetterHeaders.SourceHeader, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        if (source is not null && !_deadLetterSources.TryAdd(source, 0))
        {
            Interlocked.Increment(ref _duplicateDeadLetters);
            return;
        }
        _deadLetters.AddOrUpdate(DeadLetterHeaders.ReadReason(headers) ?? "missing", 1, (_, n) => n + 1);
        Interlocked.Increment(ref _deadLetterCount);
    }

    private void Count(IOutcomeEvent outcome)
    {
        if (!_outcomes.TryAdd(outcome.RequestId, outcome))
        {
            Interlocked.Increment(ref _duplicateOutcomes);
            return;
        }
        if (_sentAt.TryGetValue(outcome.RequestId, out var sent))
        {
            var micros = (long)Stopwatch.GetElapsedTime(sent).TotalMicroseconds;
            lock (_latencyMicros) _latencyMicros.RecordValue(Math.Max(1, micros));
        }
    }

    /// <summary>Forgets the latencies recorded so far (the warm-up).</summary>
    public void ResetLatency()
    {
        lock (_latencyMicros) _latencyMicros.Reset();
    }

    public (double P50Ms, double P99Ms, double MaxMs) Latency()
    {
        lock (_latencyMicros)
            return (_latencyMicros.GetValueAtPercentile(50) / 1000.0,
                _latencyMicros.GetValueAtPercentile(99) / 1000.0,
                _latencyMicros.GetMaxValue() / 1000.0);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
