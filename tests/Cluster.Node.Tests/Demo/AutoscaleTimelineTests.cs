using Akka.Payments.Node.Demo;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Node.Tests.Demo;

/// <summary>What <c>demo --autoscale</c> makes of the scaler's statuses.</summary>
public sealed class AutoscaleTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 22, 0, 0, TimeSpan.Zero);

    private static readonly ScaleDecided Out = new("scale-1", T0, 1, 2, "lag_seconds", "autoscaler",
        new ScaleDecidedSignals(1, 1, 2, 4_000, 0, 0, 4_000, 800, 5, 0.9, 2, 0, 0, null, []));

    private static readonly ScaleDecided In = new("scale-2", T0.AddSeconds(40), 2, 1, "idle", "autoscaler", null);

    private static ScalerStatusResponse Status(int nodes, long lag, params ScaleDecided[] newestFirst) =>
        new("host", T0, nodes, nodes, true, "process", 1, 2, 12,
            new ScaleDecidedSignals(nodes, 1, 2, lag, 0, 0, lag, 100, lag / 100.0, 0.5, 0, 0, 0, null, []), T0, null, null, [], [], newestFirst);

    [Fact]
    public void A_spike_scaled_out_drained_and_scaled_in_gives_five_moments_in_order_and_is_complete()
    {
        var timeline = new AutoscaleTimeline();
        timeline.Observe(Status(1, 0), TimeSpan.FromSeconds(1));
        timeline.Observe(Status(1, 4_000, Out), TimeSpan.FromSeconds(3));
        timeline.Observe(Status(1, 9_000, Out), TimeSpan.FromSeconds(5));
        timeline.Observe(Status(2, 6_000, Out), TimeSpan.FromSeconds(11));
        timeline.Observe(Status(2, 0, Out), TimeSpan.FromSeconds(30));
        timeline.Observe(Status(2, 0, In, Out), TimeSpan.FromSeconds(40));
        timeline.Observe(Status(1, 0, In, Out), TimeSpan.FromSeconds(45));

        Assert.True(timeline.Complete);
        Assert.Equal([3, 11, 30, 40, 45], timeline.Events.Select(e => (int)e.At.TotalSeconds));
        Assert.StartsWith("scale-out decided: 1 -> 2 node(s) (lag_seconds; lag 4,000 records, 5 s at 800/s)", timeline.Events[0].What, StringComparison.Ordinal);
        Assert.Equal("scale-in decided: 2 -> 1 node(s) (idle)", timeline.Events[3].What);
    }

    [Fact]
    public void No_lag_drained_is_claimed_before_the_second_node_is_up_and_without_a_scale_out_nothing_is_complete()
    {
        var timeline = new AutoscaleTimeline();
        timeline.Observe(Status(1, 0), TimeSpan.FromSeconds(1));
        timeline.Observe(Status(1, 0), TimeSpan.FromSeconds(60));

        Assert.Empty(timeline.Events);
        Assert.False(timeline.Complete);

        timeline.Observe(Status(1, 0, Out), TimeSpan.FromSeconds(61));
        Assert.Null(timeline.LagDrained); // lag 0 with one node: the second has not come yet
        Assert.False(timeline.Complete);
    }

    [Fact]
    public void A_scale_in_decided_but_the_node_still_up_is_not_complete()
    {
        var timeline = new AutoscaleTimeline();
        timeline.Observe(Status(1, 4_000, Out), TimeSpan.FromSeconds(3));
        timeline.Observe(Status(2, 0, In, Out), TimeSpan.FromSeconds(40));

        Assert.NotNull(timeline.ScaleIn);
        Assert.False(timeline.Complete);
    }
}
