using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Confluent.Kafka;
using HdrHistogram;

namespace Akka.Payments.Bench.Harness;

/// <summary>
/// Reads <c>payments.processed</c> and <c>payments.dlq</c> (from the end as of its start) and measures one trial at a
/// time: distinct outcomes of the trial's requests, dead letters, and latency from each request's send time
/// (its <c>ce_time</c>) to the receipt of its outcome, in an HdrHistogram of microseconds.
/// It holds only the requests still awaiting their outcome: an answered one is forgotten, and a later outcome of it (a
/// re-emitted one) is not counted again. So its memory is bounded by the backlog, not by the length of a soak.
/// </summary>
public sealed class OutcomeMeter : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _awaiting = new(); // ce_id -> Stopwatch timestamp of its send
    private readonly LongHistogram _latency = new(TimeSpan.FromMinutes(10).Ticks / 10, 3); // µs
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly IConsumer<string, byte[]> _consumer;
    private volatile string _prefix = "\0";
    private long _sent, _answered, _deadLetters, _lastReceipt, _lastAnyReceipt;

    public OutcomeMeter(string bootstrapServers, int partitions)
    {
        _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "bench-meter-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        var start = new List<TopicPartitionOffset>();
        foreach (var topic in new[] { Topics.Processed, Topics.DeadLetters })
            for (var p = 0; p < partitions; p++)
                start.Add(new TopicPartitionOffset(topic, p, _consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High));
        _consumer.Assign(start);
        _thread = new Thread(Run) { IsBackground = true, Name = "bench-meter" };
        _thread.Start();
    }

    public int Answered => (int)Interlocked.Read(ref _answered);
    public int SentCount => (int)Interlocked.Read(ref _sent);

    /// <summary>Requests of the trial sent and not answered yet: all the meter remembers of them.</summary>
    public int Awaiting => _awaiting.Count;
    public long DeadLetters => Interlocked.Read(ref _deadLetters);
    public long LastReceipt => Interlocked.Read(ref _lastReceipt);

    /// <summary>Waits until nothing at all (of any trial) has arrived for <paramref name="quiet"/>: the backlog of an
    /// overloaded trial is gone before the next one starts.</summary>
    public async Task Settle(TimeSpan quiet, TimeSpan atMost)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < atMost && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastAnyReceipt)) < quiet)
            await Task.Delay(100);
    }

    /// <summary>Starts counting a new trial: only records whose ids start with <paramref name="prefix"/> count.</summary>
    public void Begin(string prefix)
    {
        lock (_gate)
        {
            _prefix = prefix;
            _awaiting.Clear();
            _latency.Reset();
            Interlocked.Exchange(ref _sent, 0);
            Interlocked.Exchange(ref _answered, 0);
            Interlocked.Exchange(ref _deadLetters, 0);
        }
    }

    /// <summary>Where the meter has read up to, per partition of the topics it reads: everything before is counted.</summary>
    public IReadOnlyList<TopicPartitionOffset> Positions() =>
        _consumer.Assignment.Select(tp => new TopicPartitionOffset(tp, _consumer.Position(tp))).ToList();

    /// <summary>Called before the request is produced, so its outcome always finds it.</summary>
    public void Sent(string ceId)
    {
        if (_awaiting.TryAdd(ceId, Stopwatch.GetTimestamp())) Interlocked.Increment(ref _sent);
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<string, byte[]>? r;
            try { r = _consumer.Consume(TimeSpan.FromMilliseconds(100)); }
            catch (ConsumeException) { continue; }
            if (r?.Message is null) continue;
            Interlocked.Exchange(ref _lastAnyReceipt, Stopwatch.GetTimestamp());
            var prefix = _prefix;
            if (r.Topic == Topics.DeadLetters)
            {
                if (r.Message.Headers.TryGetLastBytes(CloudEventHeaders.Id, out var id) && Encoding.UTF8.GetString(id).StartsWith(prefix, StringComparison.Ordinal))
                    Interlocked.Increment(ref _deadLetters);
                continue;
            }
            var outcome = OutcomeMessages.FromMessage(r.Message);
            if (outcome is null || !outcome.RequestEventId.StartsWith(prefix, StringComparison.Ordinal)) continue;
            // Not awaited: answered before (a re-emitted outcome is not a new answer), or not sent by this trial.
            if (!_awaiting.TryRemove(outcome.RequestEventId, out var sent)) continue;
            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _answered);
            Interlocked.Exchange(ref _lastReceipt, now);
            lock (_gate) _latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds));
        }
    }

    public LatencySummary Latency()
    {
        lock (_gate)
            return _latency.TotalCount == 0
                ? new LatencySummary(0, 0, 0, 0)
                : new LatencySummary(
                    _latency.GetValueAtPercentile(50) / 1000.0,
                    _latency.GetValueAtPercentile(99) / 1000.0,
                    _latency.GetValueAtPercentile(99.9) / 1000.0,
                    _latency.GetMaxValue() / 1000.0);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _consumer.Close();
        _consumer.Dispose();
    }
}

public readonly record struct LatencySummary(double P50Ms, double P99Ms, double P999Ms, double MaxMs);
