namespace Akka.Payments.Node.Pipeline;

/// <summary>What the payment stream looks like at one moment; <see cref="Management.StreamReadinessPolicy"/> judges it.</summary>
/// <param name="Running">A run is materialized and not completed (false while starting, between restarts, stopped).</param>
/// <param name="StartedAt">When the first run started; null before.</param>
/// <param name="LastProgress">The last time the stream was not behind (see <see cref="StreamMetrics.LastProgress"/>).</param>
/// <param name="InFlight">Records taken from Kafka and not decided yet.</param>
/// <param name="Restarts">When the stream was started again after a run ended on its own (failed, or completed
/// although the node was not stopping), oldest first; only the recent ones.</param>
/// <param name="LastFailure">Why the last run ended on its own.</param>
/// <param name="NextStartAt">Between restarts: when the next run starts.</param>
public sealed record StreamHealth(
    bool Running,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastProgress,
    long InFlight,
    IReadOnlyList<DateTimeOffset> Restarts,
    string? LastFailure = null,
    DateTimeOffset? NextStartAt = null);
