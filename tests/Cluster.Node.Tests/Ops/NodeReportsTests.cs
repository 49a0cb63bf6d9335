using Akka.Payments.Node.Ops;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;

namespace Akka.Payments.Node.Tests.Ops;

/// <summary>What the ops singleton answers from the nodes' reports: the cluster's dead letters summed, and every
/// member's readiness.</summary>
public sealed class NodeReportsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private const string A = "akka.tcp://payments@10.0.0.1:4053";
    private const string B = "akka.tcp://payments@10.0.0.2:4053";
    private const string L = "akka.tcp://payments@10.0.0.9:4053";

    private static readonly ClusterMember NodeA = new(A, ["payments"], "Up", "Reachable", "1.0.0");
    private static readonly ClusterMember NodeB = new(B, ["payments"], "Up", "Reachable", "1.0.0");
    private static readonly ClusterMember Lighthouse = new(L, ["lighthouse"], "Up", "Reachable", "1.0.0");

    private static readonly ReadinessResponse Ready = new(true, [new ReadinessCheckResult("cluster", true, null), new ReadinessCheckResult("stream", true, null)]);

    private static AkkaDeadLetterReport Counts(string node, DateTimeOffset since, long deadLetters, long unhandled, long lastMinute,
        IReadOnlyList<DeadLetterCount>? types = null, IReadOnlyList<DeadLetterCount>? recipients = null) =>
        new(node, since, T0,
            [new DeadLetterKindFigures("dead_letter", deadLetters, lastMinute, lastMinute / 5.0), new DeadLetterKindFigures("unhandled", unhandled, 0, 0),
             new DeadLetterKindFigures("dropped", 0, 0, 0)],
            lastMinute, lastMinute / 5.0, 60, false, types ?? [], recipients ?? []);

    private static NodeReport Report(string node, DateTimeOffset at, long lastMinute = 0, ReadinessResponse? readiness = null,
        IReadOnlyList<DeadLetterCount>? types = null) =>
        new(node, at, readiness ?? Ready, Counts(node, T0.AddHours(-1), 10 + lastMinute, 1, lastMinute, types));

    [Fact]
    public void The_dead_letters_of_every_member_add_up_per_kind_with_the_earliest_start()
    {
        var reports = new NodeReports(Every, 60);
        reports.Record(Report(A, T0, lastMinute: 4));
        reports.Record(Report(B, T0, lastMinute: 6) with { DeadLetters = Counts(B, T0.AddHours(-2), 100, 7, 6) });

        var sum = reports.DeadLetters(A, T0.AddSeconds(1), [NodeA, NodeB, Lighthouse]);

        Assert.Equal([A, B], sum.Nodes.Select(n => n.Node));
        Assert.Equal("cluster", sum.Sum.Node);
        Assert.Equal(T0.AddHours(-2), sum.Sum.Since);
        Assert.Equal(T0.AddSeconds(1), sum.At);
        Assert.Equal(["dead_letter", "unhandled", "dropped"], sum.Sum.Kinds.Select(k => k.Kind));
        Assert.Equal(14 + 100, sum.Sum.Kinds[0].Total);
        Assert.Equal(1 + 7, sum.Sum.Kinds[1].Total);
        Assert.Equal(10, sum.Sum.LastMinute);
        Assert.Equal(2.0, sum.Sum.PerMinute5, 6);
        Assert.False(sum.Sum.Alert);
    }

    [Fact]
    public void The_top_message_types_add_up_across_members_and_keep_the_ten_most_frequent()
    {
        var reports = new NodeReports(Every, 60);
        reports.Record(Report(A, T0, types: [new DeadLetterCount("DecideEvent", 5), .. Enumerable.Range(0, 9).Select(i => new DeadLetterCount($"a{i}", 3))]));
        reports.Record(Report(B, T0, types: [new DeadLetterCount("DecideEvent", 4), new DeadLetterCount("b0", 8)]));

        var top = reports.DeadLetters(A, T0, [NodeA, NodeB]).Sum.TopMessageTypes;

        Assert.Equal(AkkaDeadLetters.Top, top.Count);
        Assert.Equal(new DeadLetterCount("DecideEvent", 9), top[0]);
        Assert.Equal(new DeadLetterCount("b0", 8), top[1]);
        Assert.All(top.Skip(2), c => Assert.Equal(3, c.Count));
    }

    [Fact]
    public void A_member_that_left_is_no_longer_summed_and_a_late_report_does_not_replace_a_newer_one()
    {
        var reports = new NodeReports(Every, 60);
        reports.Record(Report(A, T0.AddSeconds(5), lastMinute: 3));
        reports.Record(Report(A, T0, lastMinute: 50));
        reports.Record(Report(B, T0, lastMinute: 7));

        Assert.Equal(3, reports.DeadLetters(A, T0, [NodeA]).Sum.LastMinute);
        reports.Retain([NodeA]);
        Assert.Equal(1, reports.Count);
        Assert.Equal(3, reports.DeadLetters(A, T0, [NodeA, NodeB]).Sum.LastMinute);
    }

    [Fact]
    public void The_cluster_alert_goes_on_when_the_members_last_minutes_add_up_to_the_threshold_and_off_below_it_once_each()
    {
        var reports = new NodeReports(Every, 60);
        var members = new[] { NodeA, NodeB };
        reports.Record(Report(A, T0, lastMinute: 30));
        Assert.Null(reports.UpdateAlert(A, T0, members));
        reports.Record(Report(B, T0, lastMinute: 30));
        var on = reports.UpdateAlert(A, T0, members);
        Assert.True(on is { Alert: true, LastMinute: 60 }, $"{on}");
        Assert.Null(reports.UpdateAlert(A, T0, members));
        reports.Record(Report(B, T0.AddSeconds(5), lastMinute: 29));
        var off = reports.UpdateAlert(A, T0, members);
        Assert.True(off is { Alert: false, LastMinute: 59 }, $"{off}");
    }

    [Fact]
    public void A_threshold_of_zero_never_raises_the_cluster_alert()
    {
        var reports = new NodeReports(Every, 0);
        reports.Record(Report(A, T0, lastMinute: 1_000_000));
        Assert.Null(reports.UpdateAlert(A, T0, [NodeA]));
        Assert.False(reports.DeadLetters(A, T0, [NodeA]).Sum.Alert);
    }

    [Fact]
    public void Members_with_fresh_reports_whose_checks_hold_are_ready_and_the_lighthouse_has_no_verdict()
    {
        var reports = new NodeReports(Every, 60);
        reports.Record(Report(A, T0));
        reports.Record(Report(B, T0.AddSeconds(2)));

        var health = reports.Health(A, T0.AddSeconds(14), [NodeB, Lighthouse, NodeA]);

        Assert.True(health.Ready);
        Assert.Equal(Every, health.ReportEvery);
        Assert.Equal([A, B, L], health.Members.Select(m => m.Address));
        Assert.All(health.Members.Take(2), m => Assert.True(m is { Ready: true, Problem: null }, $"{m}"));
        Assert.Equal(T0.AddSeconds(2), health.Members[1].ReportedAt);
        Assert.Equal(Ready.Checks, health.Members[0].Checks);
        var lighthouse = health.Members[2];
        Assert.Null(lighthouse.Ready);
        Assert.Null(lighthouse.ReportedAt);
        Assert.Contains("not a payments node", lighthouse.Problem, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, int, bool, string> NotReady => new()
    {
        // member status and reachability, report: -1 none, else its age in seconds, ready as reported, the problem expected
        { "Up", "Reachable", -1, true, "no report yet (nodes report every 5 s)" },
        { "Up", "Reachable", 16, true, "no report for 16 s (nodes report every 5 s)" },
        { "Up", "Reachable", 1, false, "stream: stalled: 12 records waiting for 31 s" },
        { "Leaving", "Reachable", 1, true, "status Leaving" },
        { "Up", "Unreachable", 1, true, "unreachable (status Up)" },
        { "Joining", "Reachable", -1, true, "status Joining" },
    };

    [Theory]
    [MemberData(nameof(NotReady))]
    public void A_member_is_not_ready_and_says_why(string status, string reachability, int age, bool reportedReady, string problem)
    {
        var reports = new NodeReports(Every, 60);
        reports.Record(Report(A, T0));
        if (age >= 0)
            reports.Record(Report(B, T0.AddSeconds(-age), readiness: reportedReady
                ? Ready
                : new ReadinessResponse(false, [new ReadinessCheckResult("cluster", true, null), new ReadinessCheckResult("stream", false, "stalled: 12 records waiting for 31 s")])));

        var health = reports.Health(A, T0, [NodeA, NodeB with { Status = status, Reachability = reachability }]);

        Assert.False(health.Ready);
        var b = Assert.Single(health.Members, m => m.Address == B);
        Assert.False(b.Ready);
        Assert.Equal(problem, b.Problem);
        Assert.True(Assert.Single(health.Members, m => m.Address == A).Ready);
    }

    [Fact]
    public void A_report_exactly_three_intervals_old_is_still_fresh()
    {
        var reports = new NodeReports(Every, 60);
        reports.Record(Report(A, T0));
        Assert.True(reports.Health(A, T0 + Every * NodeReports.StaleAfterIntervals, [NodeA]).Ready);
        Assert.False(reports.Health(A, T0 + Every * NodeReports.StaleAfterIntervals + TimeSpan.FromSeconds(1), [NodeA]).Ready);
    }

    [Fact]
    public void A_cluster_where_nobody_reports_is_not_ready()
    {
        var health = new NodeReports(Every, 60).Health(L, T0, [Lighthouse]);
        Assert.False(health.Ready);
    }
}
