using Akka.Payments.Node.Management;
using Akka.Payments.Node.Pipeline;

namespace Akka.Payments.Node.Tests.Management;

public sealed class StreamReadinessPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly StreamReadinessPolicy Policy = new(StallTimeout: TimeSpan.FromSeconds(60));

    /// <summary>Seconds before <see cref="Now"/>; null for "never".</summary>
    private static DateTimeOffset? Ago(double? seconds) => seconds is null ? null : Now - TimeSpan.FromSeconds(seconds.Value);

    private static StreamHealth Health(
        bool running = true, double? startedAgo = 3600, double? progressAgo = 5, long inFlight = 0,
        double[]? restartsAgo = null, string? failure = null, double? nextStartIn = null) =>
        new(running, Ago(startedAgo), Ago(progressAgo), inFlight,
            (restartsAgo ?? []).OrderDescending().Select(s => Now - TimeSpan.FromSeconds(s)).ToList(),
            failure, nextStartIn is null ? null : Now + TimeSpan.FromSeconds(nextStartIn.Value));

    public static TheoryData<string, StreamHealth, long?, string?> Cases => new()
    {
        // description, health, lag, expected reason (a fragment), null = ready
        { "idle and caught up", Health(progressAgo: 7200), 0, null },
        { "busy and progressing", Health(progressAgo: 1, inFlight: 500), 10_000, null },
        { "lag but progress within the stall timeout", Health(progressAgo: 59), 40, null },
        { "lag and no progress for the stall timeout", Health(progressAgo: 60), 40, "no progress for 60 s" },
        { "records in flight and no progress", Health(progressAgo: 90, inFlight: 3), 0, "3 in flight" },
        { "lag unknown, nothing in flight", Health(progressAgo: 600), null, null },
        { "lag unknown, records in flight, no progress", Health(progressAgo: 600, inFlight: 1), null, "lag unknown" },
        { "never progressed, started recently", Health(startedAgo: 10, progressAgo: null), 40, null },
        { "never progressed, started long ago", Health(startedAgo: 120, progressAgo: null), 40, "no progress for 120 s" },
        { "not started yet", Health(running: false, startedAgo: null, progressAgo: null), 0, "not started" },
        { "stopped", Health(running: false), 0, "not running" },
        { "between restarts", Health(running: false, restartsAgo: [30], failure: "KafkaException: broker down", nextStartIn: 2),
            0, "restarting after a failure (next attempt in 2 s" },
        { "between restarts names the failure", Health(running: false, failure: "KafkaException: broker down", nextStartIn: 2),
            0, "last failure: KafkaException: broker down" },
        { "two restarts in the window", Health(restartsAgo: [200, 100]), 0, null },
        { "three restarts in the window", Health(restartsAgo: [250, 120, 10], failure: "boom"), 0,
            "restart loop: restarted 3 times in the last 300 s; last failure: boom" },
        { "three restarts, one out of the window", Health(restartsAgo: [301, 120, 10]), 0, null },
        { "restart loop wins over progress", Health(progressAgo: 0, restartsAgo: [3, 2, 1]), 0, "restart loop" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_stream_is_ready_unless_it_is_down_stalled_with_records_waiting_or_restarting_in_a_loop(
        string description, StreamHealth health, long? lag, string? expected)
    {
        var reason = Policy.WhyNotReady(health, lag, Now);
        if (expected is null) Assert.True(reason is null, $"{description}: expected ready, got '{reason}'");
        else Assert.True(reason is not null && reason.Contains(expected), $"{description}: expected '{expected}' in '{reason}'");
    }

    [Fact]
    public void A_stall_is_measured_from_the_start_when_nothing_progressed_since_and_never_from_before_it()
    {
        var health = Health(startedAgo: 30, progressAgo: 7200, inFlight: 1);
        Assert.Null(Policy.WhyNotReady(health, 10, Now));
    }
}
