namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// When the payment stream first started, when it was started again after a run ended on its own, and why the last
/// run ended: the history <see cref="StreamHealth"/> reports. Thread-safe.
/// </summary>
public sealed class StreamRestarts
{
    private const int Kept = 64;
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _restarts = new();
    private long _count;
    private DateTimeOffset? _startedAt, _nextStartAt;
    private string? _lastFailure;

    /// <summary>How often a run ended on its own (failed, or completed while the node was not stopping) and was started again.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void RecordStart(bool firstRun)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            _nextStartAt = null;
            if (firstRun)
            {
                _startedAt = now;
                return;
            }
            _restarts.Enqueue(now);
            while (_restarts.Count > Kept) _restarts.Dequeue();
        }
        Interlocked.Increment(ref _count);
    }

    /// <summary>A run ended on its own; the next one starts after <paramref name="backoff"/>.</summary>
    public void RecordEnd(string why, TimeSpan backoff)
    {
        lock (_gate)
        {
            _lastFailure = why;
            _nextStartAt = DateTimeOffset.UtcNow + backoff;
        }
    }

    public StreamHealth Health(bool running, StreamMetrics metrics)
    {
        lock (_gate)
            return new StreamHealth(running, _startedAt, metrics.LastProgress, metrics.InFlight, _restarts.ToList(),
                _lastFailure, running ? null : _nextStartAt);
    }
}
