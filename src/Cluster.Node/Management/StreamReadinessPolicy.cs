using System.Globalization;
using Akka.Payments.Node.Pipeline;

namespace Akka.Payments.Node.Management;

/// <summary>
/// Whether the payment stream is ready, and if not why, from its <see cref="StreamHealth"/>, the lag of its
/// partitions and the time. Pure: no clock, no Kafka, no stream. Not ready when it is
/// <list type="bullet">
/// <item>not running (starting, between restarts, stopped);</item>
/// <item>in a restart loop: <see cref="RestartLimit"/> restarts within <see cref="RestartWindow"/>;</item>
/// <item>stalled: records wait (lag or in flight) and nothing progressed for <see cref="StallTimeout"/>.</item>
/// </list>
/// </summary>
public sealed record StreamReadinessPolicy(TimeSpan StallTimeout, int RestartLimit = 3, TimeSpan RestartWindow = default)
{
    public TimeSpan RestartWindow { get; init; } = RestartWindow == default ? TimeSpan.FromMinutes(5) : RestartWindow;

    /// <param name="lag">Records of the stream's partitions not committed yet; null when Kafka could not tell.</param>
    /// <returns>Null when ready, otherwise the reason.</returns>
    public string? WhyNotReady(StreamHealth health, long? lag, DateTimeOffset now)
    {
        var recent = health.Restarts.Count(at => now - at < RestartWindow);
        var failure = health.LastFailure is null ? "" : $"; last failure: {health.LastFailure}";

        if (!health.Running)
        {
            if (health.NextStartAt is { } next)
                return $"the payment stream is restarting after a failure (next attempt in {Seconds(Max(next - now, TimeSpan.Zero))}, " +
                       $"{recent} restart(s) in the last {Seconds(RestartWindow)}){failure}";
            return health.StartedAt is null
                ? "the payment stream has not started yet"
                : "the payment stream is not running (stopped)";
        }

        if (recent >= RestartLimit)
            return $"the payment stream is in a restart loop: restarted {recent} times in the last {Seconds(RestartWindow)}{failure}";

        var waiting = Math.Max(lag ?? 0, 0) + health.InFlight;
        if (waiting == 0) return null;
        var since = Latest(health.LastProgress, health.StartedAt) ?? now;
        var quiet = now - since;
        if (quiet < StallTimeout) return null;
        var lagText = lag is null ? "lag unknown" : $"lag {lag}";
        return $"the payment stream made no progress for {Seconds(quiet)} (stall timeout {Seconds(StallTimeout)}) " +
               $"while records wait ({lagText}, {health.InFlight} in flight)";
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
