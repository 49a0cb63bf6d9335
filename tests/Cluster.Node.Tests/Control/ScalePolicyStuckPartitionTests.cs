using Akka.Payments.Node.Control.Scaling;
using static Akka.Payments.Node.Tests.Control.ScaleScenario;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>
/// Four input partitions and one node consuming 100 records/s. Partitions 0 to 2 drain (their committed offsets move
/// at every sample, 10 records behind); partition 3 is held on one record while its lag grows by 2,000 records a
/// sample, enough on its own for lag-seconds far above the scale-out threshold.
/// </summary>
public sealed class ScalePolicyStuckPartitionTests
{
    private static ScaleSample Sample(int i, bool thirdHeld = true, bool othersMove = true) =>
        new(T0 + (Every * i),
            [new NodeSignals("akka.tcp://payments@node0:4053", T0 + (Every * i), othersMove ? Rate : 0, 10, [], 0.5)],
            [
                .. Enumerable.Range(0, 3).Select(p => Lag(p, othersMove ? 1000 + (50 * i) : 1000, 10)),
                Lag(3, thirdHeld ? 500 : 500 + i, 2000L * (i + 1)),
            ],
            InputPartitions: 4,
            CurrentNodes: 1);

    [Fact]
    public void A_partition_whose_committed_offset_does_not_move_while_others_drain_is_reported_after_StuckAfter()
    {
        var scenario = new ScaleScenario();
        var steps = Enumerable.Range(0, 10).Select(i => scenario.Step(Sample(i))).ToList();

        Assert.All(steps.Take(6), s => Assert.Empty(s.Stuck)); // up to 25 s
        for (var i = 6; i < 10; i++)
        {
            var stuck = Assert.Single(steps[i].Stuck);
            Assert.Equal(("payments.requested", 3, (long?)500, 2000L * (i + 1)), (stuck.Topic, stuck.Partition, stuck.Committed, stuck.Lag));
            Assert.Equal((T0, Every * i), (stuck.Since, stuck.For));
        }
    }

    [Fact]
    public void The_lag_of_a_partition_that_does_not_drain_is_not_scaled_for_from_the_first_sample_it_does_not_move()
    {
        var scenario = new ScaleScenario();
        var steps = Enumerable.Range(0, 10).Select(i => scenario.Step(Sample(i))).ToList();

        Assert.Empty(scenario.Decisions);
        Assert.All(steps.Skip(1), s =>
        {
            Assert.True(s.Signals.TotalLag / Rate > ScalePolicySettings.Default.ScaleOutLagSeconds);
            Assert.Equal((1, 30L, 0.3), (s.Signals.HeldPartitions, s.Signals.Lag, s.Signals.LagSeconds));
            Assert.Equal(0, s.Signals.OverSamples + s.Signals.GrowingSamples);
        });
    }

    [Fact]
    public void A_stuck_partition_that_moves_again_is_no_longer_reported_and_its_lag_counts_again()
    {
        var scenario = new ScaleScenario();
        for (var i = 0; i < 8; i++) scenario.Step(Sample(i));

        var moved = scenario.Step(Sample(8, thirdHeld: false));

        Assert.Empty(moved.Stuck);
        Assert.Equal((0, 18_030L), (moved.Signals.HeldPartitions, moved.Signals.Lag));
    }

    [Fact]
    public void When_no_partition_drains_none_is_singled_out_and_the_whole_lag_is_scaled_for()
    {
        var scenario = new ScaleScenario();
        var steps = Enumerable.Range(0, 10).Select(i => scenario.Step(Sample(i, othersMove: false))).ToList();

        Assert.All(steps, s => Assert.Empty(s.Stuck));
        Assert.All(steps, s => Assert.Equal(0, s.Signals.HeldPartitions));
        var (index, decision) = Assert.Single(scenario.Decisions);
        Assert.Equal((2, 4, ScaleReasons.LagSeconds), (index, decision.To, decision.Reason));
    }

    [Fact]
    public void A_partition_that_just_got_lag_is_not_held_for_not_having_moved_yet()
    {
        var scenario = new ScaleScenario();
        scenario.Step(new ScaleSample(T0, [], [Lag(0, 1000, 10), Lag(1, 700, 0)], 2, 1));

        var step = scenario.Step(new ScaleSample(T0 + Every, [], [Lag(0, 1010, 10), Lag(1, 700, 40)], 2, 1));

        Assert.Equal(0, step.Signals.HeldPartitions);
        Assert.Equal(50, step.Signals.Lag);
    }
}
