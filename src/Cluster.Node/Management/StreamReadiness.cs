using Akka.Payments.Management;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Pipeline;

namespace Akka.Payments.Node.Management;

/// <summary>
/// Ready when <see cref="StreamReadinessPolicy"/> finds nothing wrong with the payment stream: it runs, it is not in
/// a restart loop, and it is not stalled with records waiting (the lag of the partitions it owns, from
/// <see cref="KafkaInspector"/>, plus its records in flight). A check that sees nothing waiting remembers it as a
/// moment of progress, so that records arriving after a quiet hour are not mistaken for a stall.
/// </summary>
public sealed class StreamReadiness(PaymentStreamService stream, KafkaInspector kafka, NodeSettings settings, TimeProvider? clock = null)
    : IReadinessCheck
{
    private readonly StreamReadinessPolicy _policy = new(settings.Stream.StallTimeout);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private DateTimeOffset? _quietSeenAt; // guarded by _gate: probes may overlap

    public string Name => "stream";

    public Task<string?> Check(CancellationToken cancellation)
    {
        var health = stream.Health();
        var lag = OwnLag();
        var now = _clock.GetUtcNow();
        DateTimeOffset? quietSeenAt;
        lock (_gate)
        {
            if (health.Running && lag == 0 && health.InFlight == 0) _quietSeenAt = now;
            quietSeenAt = _quietSeenAt;
        }
        if (quietSeenAt is { } quiet && (health.LastProgress is null || quiet > health.LastProgress))
            health = health with { LastProgress = quiet };
        return Task.FromResult(_policy.WhyNotReady(health, lag, now));
    }

    private long? OwnLag()
    {
        var owned = stream.Assignment.Select(tp => (tp.Topic, tp.Partition.Value)).ToHashSet();
        if (owned.Count == 0) return 0;
        try
        {
            return kafka.Lag().Where(p => owned.Contains((p.Topic, p.Partition))).Sum(p => Math.Max(p.Lag, 0));
        }
        catch (Confluent.Kafka.KafkaException)
        {
            return null;
        }
    }
}
