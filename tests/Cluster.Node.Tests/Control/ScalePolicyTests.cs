using Akka.Payments.Node.Control.Scaling;
using static Akka.Payments.Node.Tests.Control.ScaleScenario;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>
/// The autoscale policy as tables of samples: lag-seconds per sample (a sample every five seconds, 100 records/s
/// between the nodes), the node count, and the decision expected at which sample. Default settings unless a row says
/// otherwise: 1 to 4 nodes, out above 10 s for 3 samples, in under 1 s and 0.3 CPU for 6 samples, 60 s cooldown.
/// </summary>
public sealed class ScalePolicyTests
{
    private static void AssertDecisions(
        string description, List<(int Index, ScaleDecision Decision)> decisions, int from, int? at, int? to, string? reason)
    {
        if (at is null)
        {
            Assert.True(decisions.Count == 0, $"{description}: expected no decision, got {string.Join(", ", decisions)}");
            return;
        }
        Assert.True(decisions.Count == 1, $"{description}: expected one decision, got {string.Join(", ", decisions)}");
        var (index, decision) = decisions[0];
        Assert.True(index == at, $"{description}: expected the decision at sample {at}, got it at {index}");
        Assert.Equal((from, to, reason), (decision.From, (int?)decision.To, decision.Reason));
    }

    // scale out

    public static TheoryData<string, int, string, int?, int?, string?> ScaleOut => new()
    {
        // description, nodes, lag-seconds per sample, expected decision at sample, to, reason
        { "two samples above the threshold are not enough", 1, "20 20", null, null, null },
        { "three samples above the threshold scale out", 1, "20 20 20", 2, 2, ScaleReasons.LagSeconds },
        { "lag at the threshold is not above it", 1, "10 10 10 10", null, null, null },
        { "a sample under the threshold restarts the count", 1, "20 20 5 20 20 20", 5, 2, ScaleReasons.LagSeconds },
        { "the target is current × lag-seconds / threshold, rounded up", 2, "12 12 12", 2, 3, ScaleReasons.LagSeconds },
        { "a small excess still adds a node", 3, "11 11 11", 2, 4, ScaleReasons.LagSeconds },
        { "a large excess is capped at MaxNodes", 1, "60 60 60", 2, 4, ScaleReasons.LagSeconds },
        { "lag that nothing consumes goes straight to the cap", 1, "inf inf inf", 2, 4, ScaleReasons.LagSeconds },
        { "lag growing at three samples in a row scales out by one, under the threshold", 1, "2 3 4 5", 3, 2, ScaleReasons.LagGrowing },
        { "growth that pauses restarts the count", 1, "2 3 3 4 5", null, null, null },
        { "growth that falls back restarts the count", 1, "2 3 4 3.5 4 5", null, null, null },
        { "growth near zero is not growth", 1, "0.1 0.2 0.3 0.5 0.8", null, null, null },
        { "lag above the threshold and growing is named for the lag-seconds", 1, "11 12 13 14", 2, 2, ScaleReasons.LagSeconds },
        { "at MaxNodes, high lag decides nothing", 4, "60 60 60 60 60", null, null, null },
    };

    [Theory]
    [MemberData(nameof(ScaleOut))]
    public void Lag_that_stays_above_the_threshold_or_keeps_growing_for_N_samples_scales_out_and_not_before(
        string description, int nodes, string lagSeconds, int? at, int? to, string? reason) =>
        AssertDecisions(description, new ScaleScenario().Run(lagSeconds, nodes), nodes, at, to, reason);

    [Fact]
    public void The_decision_carries_the_signals_and_counters_that_led_to_it()
    {
        var scenario = new ScaleScenario();
        var (_, decision) = Assert.Single(scenario.Run("12 12 12", nodes: 2));

        Assert.Equal(T0 + (2 * Every), decision.At);
        var s = decision.Signals;
        Assert.Equal((1200L, 1200L, 0L, 100.0, 12.0, (double?)0.5), (s.TotalLag, s.Lag, s.HeldLag, s.RecordsPerSecond, s.LagSeconds, s.Utilisation));
        Assert.Equal((3, 0, 0), (s.OverSamples, s.GrowingSamples, s.IdleSamples));
        Assert.Equal((2, 1, 4), (s.CurrentNodes, s.Floor, s.Cap));
        Assert.Null(s.CooldownUntil);
    }

    // scale in

    public static TheoryData<string, int, string, double, int?, int?> ScaleIn => new()
    {
        // description, nodes, lag-seconds per sample, CPU of each node, expected decision at sample, to
        { "five idle samples are not enough", 2, "0 0 0 0 0", 0.05, null, null },
        { "six idle samples scale in by one", 3, "0 0 0 0 0 0", 0.05, 5, 2 },
        { "lag under ScaleInLagSeconds is near zero", 2, "0.5 0.5 0.5 0.5 0.5 0.5", 0.05, 5, 1 },
        { "lag at ScaleInLagSeconds is not near zero", 2, "1 1 1 1 1 1 1 1", 0.05, null, null },
        { "a sample with lag restarts the count", 2, "0 0 0 2 0 0 0 0 0 0", 0.05, 9, 1 },
        { "busy nodes stay", 2, "0 0 0 0 0 0 0 0", 0.5, null, null },
        { "nodes whose load one node fewer could not carry under the threshold stay", 2, "0 0 0 0 0 0 0 0", 0.2, null, null },
        { "nodes whose load one node fewer can carry under the threshold go", 3, "0 0 0 0 0 0", 0.18, 5, 2 },
        { "never below MinNodes", 1, "0 0 0 0 0 0 0 0", 0.0, null, null },
    };

    [Theory]
    [MemberData(nameof(ScaleIn))]
    public void Lag_near_zero_and_low_utilisation_for_M_samples_scales_in_by_one_and_not_before(
        string description, int nodes, string lagSeconds, double cpu, int? at, int? to) =>
        AssertDecisions(description, new ScaleScenario().Run(lagSeconds, nodes, cpu), nodes, at, to, at is null ? null : ScaleReasons.Idle);

    [Fact]
    public void Without_a_fresh_node_report_utilisation_is_unknown_and_nothing_scales_in()
    {
        var scenario = new ScaleScenario();
        for (var i = 0; i < 10; i++)
        {
            var sample = Sample(scenario.Now, nodes: 2, lag: 0, cpu: 0);
            var stale = sample.Nodes.Select(n => n with { At = scenario.Now - TimeSpan.FromSeconds(16) }).ToList();
            Assert.Null(scenario.Step(sample with { Nodes = stale }).Signals.Utilisation);
        }
        Assert.Empty(scenario.Decisions);
    }

    // cooldown and flapping

    [Fact]
    public void After_a_change_the_cooldown_blocks_the_next_one_and_its_samples_are_not_counted()
    {
        var scenario = new ScaleScenario();
        scenario.Run("20 20 20", nodes: 1); // decided at 10 s: cooldown until 70 s
        scenario.Run("20 20 20 20 20 20 20 20 20 20 20 20 20 20", nodes: 2); // samples 3 to 16

        Assert.Equal([(2, 1, 2), (16, 2, 4)], scenario.Decisions.Select(d => (d.Index, d.Decision.From, d.Decision.To)));
        Assert.All(scenario.Steps.Skip(3).Take(11), s =>
        {
            Assert.Equal(T0 + TimeSpan.FromSeconds(70), s.Signals.CooldownUntil);
            Assert.Equal(0, s.Signals.OverSamples);
        });
        Assert.Equal(1, scenario.Steps[14].Signals.OverSamples); // 70 s: counting again, from zero
    }

    [Fact]
    public void After_a_scale_out_a_quiet_cluster_scales_back_in_only_after_the_cooldown_and_M_idle_samples()
    {
        var scenario = new ScaleScenario();
        scenario.Run("20 20 20", nodes: 1);
        scenario.Run(string.Join(' ', Enumerable.Repeat("0", 20)), nodes: 2, cpu: 0.05);

        Assert.Equal([(2, 2), (19, 1)], scenario.Decisions.Select(d => (d.Index, d.Decision.To)));
    }

    [Fact]
    public void A_bounds_correction_waits_for_the_cooldown_so_a_change_under_way_is_not_ordered_twice()
    {
        var scenario = new ScaleScenario();
        scenario.Run("20 20 20", nodes: 1);
        scenario.Run(string.Join(' ', Enumerable.Repeat("5", 12)), nodes: 6);

        Assert.Equal([(2, 2, ScaleReasons.LagSeconds), (14, 4, ScaleReasons.Bounds)],
            scenario.Decisions.Select(d => (d.Index, d.Decision.To, d.Decision.Reason)));
    }

    [Fact]
    public void A_node_count_that_changes_by_itself_restarts_the_counters()
    {
        var scenario = new ScaleScenario();
        scenario.Run("20 20", nodes: 1);
        scenario.Run("20 20", nodes: 2); // a node joined (an operator, a restart): these samples measure another cluster

        Assert.Empty(scenario.Decisions);
        Assert.Equal(2, scenario.State.OverSamples);
    }

    public static TheoryData<string, string> Oscillations => new()
    {
        // description, one period of lag-seconds, repeated
        { "across both thresholds", "20 0.5" },
        { "between the thresholds", "2 5 8 5" },
        { "in pairs across both thresholds", "12 12 0 0" },
        { "rising twice, then falling", "2 4 0.5" },
    };

    [Theory]
    [MemberData(nameof(Oscillations))]
    public void Lag_that_oscillates_never_fills_a_counter_and_changes_nothing(string description, string period)
    {
        var scenario = new ScaleScenario();
        var decisions = scenario.Run(string.Join(' ', Enumerable.Repeat(period, 30)), nodes: 2, cpu: 0.05);

        Assert.True(decisions.Count == 0, $"{description}: {string.Join(", ", decisions)}");
    }

    // bounds and the partition cap

    public static TheoryData<string, int, int, int, int, int?> Bounds => new()
    {
        // description, MinNodes, MaxNodes, nodes up, input partitions (0: unknown), expected target
        { "no node up: MinNodes", 1, 4, 0, 8, 1 },
        { "fewer than MinNodes", 2, 4, 1, 8, 2 },
        { "more than MaxNodes", 1, 4, 6, 8, 4 },
        { "more than the input partitions", 1, 8, 5, 3, 3 },
        { "the partition count wins over MinNodes", 3, 4, 1, 2, 2 },
        { "partitions unknown: MaxNodes caps", 1, 4, 5, 0, 4 },
        { "within the bounds", 1, 4, 3, 8, null },
        { "at MinNodes and MaxNodes at once", 2, 2, 2, 8, null },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void A_count_outside_the_bounds_is_brought_to_the_nearest_one_at_the_first_sample(
        string description, int min, int max, int nodes, int partitions, int? to)
    {
        var scenario = new ScaleScenario(new ScalePolicySettings { MinNodes = min, MaxNodes = max });
        var decisions = scenario.Run("5", nodes, partitions: partitions);

        AssertDecisions(description, decisions, nodes, to is null ? null : 0, to, to is null ? null : ScaleReasons.Bounds);
    }

    [Fact]
    public void A_scale_out_never_asks_for_more_nodes_than_input_partitions()
    {
        var (_, decision) = Assert.Single(new ScaleScenario().Run("60 60 60", nodes: 1, partitions: 2));
        Assert.Equal(2, decision.To);

        Assert.Empty(new ScaleScenario().Run("60 60 60 60 60", nodes: 2, partitions: 2));
    }

    // zero rate

    [Fact]
    public void Lag_with_no_consume_rate_is_infinitely_many_seconds_and_no_lag_is_zero_whatever_the_rate()
    {
        Assert.Equal(double.PositiveInfinity, ScalePolicy.LagSeconds(1, 0));
        Assert.Equal(0, ScalePolicy.LagSeconds(0, 0));
        Assert.Equal(2.5, ScalePolicy.LagSeconds(250, 100));
        Assert.Equal(4, ScalePolicy.ScaleOutTarget(1, 4, double.PositiveInfinity, ScalePolicySettings.Default));
    }

    [Fact]
    public void Stale_node_reports_count_no_rate_so_lag_that_nobody_reports_consuming_scales_out_to_the_cap()
    {
        var scenario = new ScaleScenario();
        for (var i = 0; i < 3; i++)
        {
            var sample = Sample(scenario.Now, nodes: 1, lag: 500, committed: 1000 + i);
            scenario.Step(sample with { Nodes = [sample.Nodes[0] with { At = T0 - TimeSpan.FromMinutes(1) }] });
        }

        var (index, decision) = Assert.Single(scenario.Decisions);
        Assert.Equal((2, 4, 0.0), (index, decision.To, decision.Signals.RecordsPerSecond));
        Assert.Equal(double.PositiveInfinity, decision.Signals.LagSeconds);
    }

    // settings

    [Fact]
    public void The_defaults_are_valid_and_keep_the_in_threshold_under_the_out_threshold()
    {
        var settings = ScalePolicySettings.Default.Validate();
        Assert.True(settings.ScaleInLagSeconds < settings.ScaleOutLagSeconds);
        Assert.Equal((1, 4, 3, 6), (settings.MinNodes, settings.MaxNodes, settings.ScaleOutSamples, settings.ScaleInSamples));
    }

    public static TheoryData<string, ScalePolicySettings> InvalidSettings => new()
    {
        { "MinNodes", new ScalePolicySettings { MinNodes = 0 } },
        { "MaxNodes", new ScalePolicySettings { MinNodes = 3, MaxNodes = 2 } },
        { "ScaleOutLagSeconds", new ScalePolicySettings { ScaleOutLagSeconds = 0 } },
        { "ScaleOutLagSeconds", new ScalePolicySettings { ScaleOutLagSeconds = double.NaN } },
        { "ScaleOutLagSeconds", new ScalePolicySettings { ScaleOutLagSeconds = double.PositiveInfinity } },
        { "ScaleOutSamples", new ScalePolicySettings { ScaleOutSamples = 0 } },
        { "ScaleInLagSeconds", new ScalePolicySettings { ScaleInLagSeconds = 10 } },
        { "ScaleInLagSeconds", new ScalePolicySettings { ScaleInLagSeconds = -1 } },
        { "ScaleInSamples", new ScalePolicySettings { ScaleInSamples = 0 } },
        { "ScaleInUtilisation", new ScalePolicySettings { ScaleInUtilisation = 1.5 } },
        { "ScaleInUtilisation", new ScalePolicySettings { ScaleInUtilisation = double.NaN } },
        { "Cooldown", new ScalePolicySettings { Cooldown = TimeSpan.FromSeconds(-1) } },
        { "StuckAfter", new ScalePolicySettings { StuckAfter = TimeSpan.Zero } },
        { "SignalsMaxAge", new ScalePolicySettings { SignalsMaxAge = TimeSpan.Zero } },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void A_setting_that_cannot_work_is_refused_naming_its_configuration_key(string key, ScalePolicySettings settings)
    {
        var e = Assert.Throws<Akka.Payments.Node.Configuration.ConfigurationException>(() => settings.Validate());

        Assert.Equal($"Payments:Control:{key}", e.Key);
        Assert.Contains($"Payments:Control:{key}=", e.Message);
    }
}
