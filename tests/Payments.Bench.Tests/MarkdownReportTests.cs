using Akka.Payments.Bench.Harness;
using Akka.Payments.Bench.Report;

namespace Akka.Payments.Bench.Tests;

public sealed class MarkdownReportTests
{
    private static TrialResult Trial(string target, double rate, double throughput, double p99, double cpu, double harnessCpu = 40) =>
        new(target, "sqlite", rate, 100, 100, 1, 1, throughput, new LatencySummary(p99 / 2, p99, p99 * 1.5, p99 * 2),
            cpu, harnessCpu, 400, 380, true);

    private static SweepResult Sweep(string target, double max, double cpuAt80, double earlyP99, double lateP99)
    {
        var early = Trial(target, 1_000, 990, earlyP99, cpuAt80 * 2, harnessCpu: 40);
        var best = Trial(target, max, max, 300, cpuAt80);
        var at50 = Trial(target, max / 2, max / 2, 50, cpuAt80 * 1.2);
        var at80 = Trial(target, max * 0.8, max * 0.8, 120, cpuAt80);
        var late = Trial(target, 1_000, 990, lateP99, cpuAt80 * 2, harnessCpu: 160);
        return new SweepResult(target, "sqlite", best, at50, at80, [early, best, at50, at80, late], late, TimeSpan.FromMinutes(3));
    }

    private static string Row(string table, string start) => table.Split(Environment.NewLine).Single(l => l.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void Ours_is_compared_with_the_baseline_of_the_same_journal_on_rate_and_on_CPU_per_payment()
    {
        var table = MarkdownReport.Table([Sweep("ours", 4_000, 300, 20, 25), Sweep("baseline", 8_000, 100, 20, 25)]);

        var ours = Row(table, "| sqlite | ours | 4,000 |");
        Assert.Contains("| 0.50× |", ours, StringComparison.Ordinal);
        Assert.Contains("| 300 | 3.00× |", ours, StringComparison.Ordinal);
    }

    [Fact]
    public void A_late_p99_more_than_one_and_a_half_times_the_early_one_is_marked_over_the_bound()
    {
        var table = MarkdownReport.Table([Sweep("ours", 4_000, 300, 20, 40), Sweep("baseline", 8_000, 100, 20, 29)]);

        var ours = Row(table, "| sqlite | ours | 3.0 min |");
        Assert.Contains("| 20.0 → 40.0 ms |", ours, StringComparison.Ordinal);
        Assert.Contains("| 2.00× (over) |", ours, StringComparison.Ordinal);
        Assert.Contains("| 40 → 160 |", ours, StringComparison.Ordinal);
        Assert.Contains("| 1.45× |", Row(table, "| sqlite | baseline | 3.0 min |"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_trials_table_numbers_each_sweep_trial_in_the_order_it_ran()
    {
        var trials = MarkdownReport.Trials([Sweep("ours", 4_000, 300, 20, 40)]);

        Assert.StartsWith("| sqlite | ours | 1 | 1,000 |", Row(trials, "| sqlite | ours | 1 |"), StringComparison.Ordinal);
        Assert.StartsWith("| sqlite | ours | 5 | 1,000 |", Row(trials, "| sqlite | ours | 5 |"), StringComparison.Ordinal);
        Assert.Contains("| 40.0 |", Row(trials, "| sqlite | ours | 5 |"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_nodes_are_compared_with_one_in_payments_per_CPU_second_at_every_rate_both_sustained()
    {
        // One node: 200 µs per payment at 1,000/s and 250 at 2,000/s; two nodes: 400 and 250 (2,000/s sustained by both).
        var one = new SweepResult("ours", "postgres", Trial("ours", 2_000, 2_000, 80, 250), null, null,
            [Trial("ours", 1_000, 1_000, 50, 200), Trial("ours", 2_000, 2_000, 80, 250), Trial("ours", 4_000, 3_000, 900, 240) with { Sustained = false }]);
        var two = new SweepResult(SystemUnderTest.TwoNodes, "postgres", Trial(SystemUnderTest.TwoNodes, 4_000, 4_000, 90, 300), null, null,
            [Trial(SystemUnderTest.TwoNodes, 1_000, 1_000, 60, 400), Trial(SystemUnderTest.TwoNodes, 2_000, 2_000, 70, 250), Trial(SystemUnderTest.TwoNodes, 4_000, 4_000, 90, 300)]);

        var table = MarkdownReport.Table([one, two]);

        Assert.Contains("- postgres: max 2,000/s with one node, 4,000/s with two (2.00×).", table, StringComparison.Ordinal);
        Assert.Contains("| 200 | 400 | 0.50 (under) |", Row(table, "| postgres | 1,000 |"), StringComparison.Ordinal);
        Assert.Contains("| 250 | 250 | 1.00 |", Row(table, "| postgres | 2,000 |"), StringComparison.Ordinal);
        Assert.DoesNotContain("| postgres | 4,000 |", table, StringComparison.Ordinal); // one node did not sustain it
    }
}
