using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// The latest <see cref="NodeReport"/> of each node, kept by the ops singleton in memory (they are live figures: after
/// a failover every node reports again within one interval), and what it answers from them: the cluster's Akka dead
/// letters summed (<see cref="DeadLetters"/>) and every member's readiness (<see cref="Health"/>). Pure: the members
/// and the time are passed in.
/// </summary>
public sealed class NodeReports(TimeSpan reportEvery, int alertPerMinute)
{
    /// <summary>The role whose members run a payments node, and so report.</summary>
    public const string ReportingRole = "payments";

    /// <summary>A report older than this many intervals is stale: its node is not ready.</summary>
    public const int StaleAfterIntervals = 3;

    private readonly Dictionary<string, NodeReport> _latest = new(StringComparer.Ordinal);
    private bool _alert;

    public TimeSpan ReportEvery { get; } = reportEvery;

    public int AlertPerMinute { get; } = alertPerMinute;

    public int Count => _latest.Count;

    /// <summary>Keeps <paramref name="report"/> unless a later one of the same node is kept already.</summary>
    public void Record(NodeReport report)
    {
        if (_latest.TryGetValue(report.Node, out var kept) && kept.At > report.At) return;
        _latest[report.Node] = report;
    }

    /// <summary>Forgets the reports of nodes that are no longer members.</summary>
    public void Retain(IReadOnlyList<ClusterMember> members)
    {
        var addresses = members.Select(m => m.Address).ToHashSet(StringComparer.Ordinal);
        foreach (var node in _latest.Keys.Where(n => !addresses.Contains(n)).ToList()) _latest.Remove(node);
    }

    /// <summary>The members' reports summed. A member's counts stay in the sum until it leaves the cluster, even when
    /// its latest report is stale: they are the last it counted.</summary>
    public ClusterDeadLetterReport DeadLetters(string host, DateTimeOffset now, IReadOnlyList<ClusterMember> members)
    {
        var nodes = Reports(members).Select(r => r.DeadLetters).ToList();
        var lastMinute = nodes.Sum(n => n.LastMinute);
        var kinds = Enum.GetValues<AkkaDeadLetterKind>().Select(AkkaDeadLetters.Name)
            .Select(kind =>
            {
                var rows = nodes.SelectMany(n => n.Kinds).Where(k => k.Kind == kind).ToList();
                return new DeadLetterKindFigures(kind, rows.Sum(k => k.Total), rows.Sum(k => k.LastMinute), rows.Sum(k => k.PerMinute5));
            })
            .ToList();
        var sum = new AkkaDeadLetterReport(
            "cluster",
            nodes.Count == 0 ? now : nodes.Min(n => n.Since),
            now,
            kinds,
            lastMinute,
            nodes.Sum(n => n.PerMinute5),
            AlertPerMinute,
            AlertPerMinute > 0 && lastMinute >= AlertPerMinute,
            Top(nodes.SelectMany(n => n.TopMessageTypes)),
            Top(nodes.SelectMany(n => n.TopRecipients)));
        return new ClusterDeadLetterReport(host, now, sum, nodes);
    }

    /// <summary>
    /// Whether the cluster's alert changed with the latest reports: on once the members' last minutes add up to
    /// <see cref="AlertPerMinute"/> or more, off once they fall below; null when it did not change (or is off for good,
    /// with a threshold of 0). The singleton logs each change once.
    /// </summary>
    public AkkaDeadLetterReport? UpdateAlert(string host, DateTimeOffset now, IReadOnlyList<ClusterMember> members)
    {
        var sum = DeadLetters(host, now, members).Sum;
        if (sum.Alert == _alert) return null;
        _alert = sum.Alert;
        return sum;
    }

    /// <summary>
    /// Every member and whether it is ready: a member that reports (role <see cref="ReportingRole"/>) is ready when it
    /// is <c>Up</c> and reachable, its latest report is fresh (at most <see cref="StaleAfterIntervals"/> intervals
    /// old) and every check in it holds. A member of another role (Lighthouse) does not report: it is listed with
    /// its status and no verdict.
    /// </summary>
    public ClusterHealthResponse Health(string host, DateTimeOffset now, IReadOnlyList<ClusterMember> members)
    {
        var rows = members.OrderBy(m => m.Address, StringComparer.Ordinal).Select(m => Member(m, now)).ToList();
        var reporting = rows.Where(r => r.Ready is not null).ToList();
        return new ClusterHealthResponse(host, now, reporting.Count > 0 && reporting.All(r => r.Ready == true), ReportEvery, rows);
    }

    private MemberHealth Member(ClusterMember member, DateTimeOffset now)
    {
        _latest.TryGetValue(member.Address, out var report);
        var checks = report?.Readiness.Checks ?? [];
        if (!member.Roles.Contains(ReportingRole) && report is null)
            return new MemberHealth(member.Address, member.Status, member.Roles, null, null,
                "does not report: not a payments node (its own /ready answers for it)", checks);
        string? problem;
        if (member.Reachability != "Reachable") problem = $"unreachable (status {member.Status})";
        else if (member.Status != "Up") problem = $"status {member.Status}";
        else if (report is null) problem = $"no report yet (nodes report every {Seconds(ReportEvery)})";
        else if (now - report.At > ReportEvery * StaleAfterIntervals)
            problem = $"no report for {Seconds(now - report.At)} (nodes report every {Seconds(ReportEvery)})";
        else if (!report.Readiness.Ready)
            problem = string.Join("; ", checks.Where(c => !c.Ok).Select(c => $"{c.Name}: {c.Problem}"));
        else problem = null;
        return new MemberHealth(member.Address, member.Status, member.Roles, problem is null, report?.At, problem, checks);
    }

    private IEnumerable<NodeReport> Reports(IReadOnlyList<ClusterMember> members)
    {
        var addresses = members.Select(m => m.Address).ToHashSet(StringComparer.Ordinal);
        return _latest.Values.Where(r => addresses.Contains(r.Node)).OrderBy(r => r.Node, StringComparer.Ordinal);
    }

    private static List<DeadLetterCount> Top(IEnumerable<DeadLetterCount> counts) => counts
        .GroupBy(c => c.Name, StringComparer.Ordinal)
        .Select(g => new DeadLetterCount(g.Key, g.Sum(c => c.Count)))
        .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal)
        .Take(AkkaDeadLetters.Top)
        .ToList();

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0} s";
}
