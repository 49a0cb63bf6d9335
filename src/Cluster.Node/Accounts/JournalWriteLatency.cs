using System.Diagnostics;

namespace Akka.Payments.Node.Accounts;

/// <summary>
/// How long account writes take to become durable: from <c>PersistAsync</c> until the journal confirmed the event
/// (the persist callback), as an entity sees it, so queueing in the journal's batcher is included. A Prometheus
/// histogram in seconds. Thread-safe; shared by every entity of the node.
/// </summary>
public sealed class JournalWriteLatency
{
    public static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly long[] _counts = new long[Buckets.Length + 1]; // the last one is +Inf
    private long _sumMicros;

    public void Record(long startTimestamp)
    {
        var seconds = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        var bucket = 0; // a plain scan: this runs once per persisted event, so no closure per call
        while (bucket < Buckets.Length && seconds > Buckets[bucket]) bucket++;
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumMicros, (long)(seconds * 1_000_000));
    }

    /// <summary>Cumulative counts per upper bound (the last is +Inf), the sum in seconds and the count.</summary>
    public (IReadOnlyList<(double UpperBound, long Count)> Buckets, double Sum, long Count) Read()
    {
        var cumulative = new List<(double, long)>();
        long running = 0;
        for (var i = 0; i <= Buckets.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            cumulative.Add((i < Buckets.Length ? Buckets[i] : double.PositiveInfinity, running));
        }
        return (cumulative, Interlocked.Read(ref _sumMicros) / 1_000_000.0, running);
    }
}
