using System.Globalization;
using Akka.Payments.Shared.Management.Contracts;
using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>ops</c>: how the cluster is doing, from the ops plane. <c>health</c> is every member's readiness;
/// <c>deadletters</c> the nodes' counts of Akka's undelivered messages (dead letters, unhandled and dropped messages)
/// and their sum; the <c>dlq</c> group (<see cref="DlqCommands"/>) is the ops plane's store of <c>payments.dlq</c>.</summary>
public static class OpsPalette
{
    public static Palette Build() => new("ops", "the cluster's health and Akka dead letters, the audit trail, and the payments.dlq store: list, show, replay, purge",
    [
        new("health", "", "every member's readiness, and why any is not ready (exit code 1 unless all are)", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.OpsHealth, ManagementJsonContext.Default.ClusterHealthResponse);
            i.Show(reply, doc => Health(i, doc));
            if (!reply.Body.Ready)
                throw new CommandFailedException(
                    $"not ready: {Text(reply.Body.Members.Count(m => m.Ready == false))} of {Count(reply.Body.Members.Count(m => m.Ready is not null), "reporting member")}",
                    ExitCodes.Failed);
        }),
        new("deadletters", "[--node]", "Akka dead letters, unhandled and dropped messages of every node and their sum (--node: the answering node's own count): rates, top types and recipients, alert", async i =>
        {
            i.AtMost(0);
            if (i.Flag("--node"))
            {
                var own = await i.Get(ManagementPaths.OpsDeadLettersNode, ManagementJsonContext.Default.AkkaDeadLetterReport);
                i.Show(own, doc => DeadLetters(i, doc, $"Akka dead letters on {doc.Node}, counted since {Text(doc.Since)}"));
                return;
            }
            var reply = await i.Get(ManagementPaths.OpsDeadLetters, ManagementJsonContext.Default.ClusterDeadLetterReport);
            i.Show(reply, doc =>
            {
                DeadLetters(i, doc.Sum, $"Akka dead letters of {Count(doc.Nodes.Count, "node")}, counted since {Text(doc.Sum.Since)} (ops plane on {doc.Host})");
                var nodes = Table("node", "total", "last minute", "per minute (5 min)", "alert", "reported");
                foreach (var n in doc.Nodes)
                    nodes.AddRow(Cell(n.Node), Cell(n.Kinds.Sum(k => k.Total)), Cell(n.LastMinute), Cell(Rate(n.PerMinute5)), Cell(n.Alert ? "ON" : "off"),
                        Cell(Text(n.At)));
                if (doc.Nodes.Count == 0) i.Line("No node has reported yet.");
                else i.Write(nodes);
            });
        }, "--node"),
        new("audit", "[--since T] [--limit N]", "the audit trail: every command that needed the token, taken or refused, newest first", async i =>
        {
            i.AtMost(0);
            var query = new List<string>();
            if (DlqCommands.Since(i) is { } since)
                query.Add($"{ManagementPaths.SinceParameter}={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}");
            if (i.OptionalOption("--limit") is { } limit)
            {
                if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 100_000)
                    throw new UsageException($"--limit must be a whole number from 1 to 100000, got '{limit}'");
                query.Add($"{ManagementPaths.LimitParameter}={Text(n)}");
            }
            var path = query.Count == 0 ? ManagementPaths.OpsAudit : $"{ManagementPaths.OpsAudit}?{string.Join('&', query)}";
            var reply = await i.Get(path, ManagementJsonContext.Default.AuditResponse);
            i.Show(reply, doc =>
            {
                var table = Table("at", "node", "command", "arguments", "by", "status");
                foreach (var e in doc.Entries)
                    table.AddRow(Cell(Text(e.At)), Cell(e.Node), Cell(e.Command), Cell(e.Arguments.Length <= 48 ? e.Arguments : e.Arguments[..48] + "…"),
                        Cell(e.By), Cell(e.Status));
                if (doc.Entries.Count == 0) i.Line("No audited commands.");
                else i.Write(table);
                i.Line($"{Text(doc.Entries.Count)} of {Text(doc.Matching)} shown (ops plane on {doc.Host})");
            });
        }, "--since", "--limit"),
        .. DlqCommands.List,
    ]);

    private static void Health(Invocation i, ClusterHealthResponse doc)
    {
        var table = Table("member", "status", "roles", "ready", "reported", "problem");
        foreach (var m in doc.Members)
            table.AddRow(Cell(m.Address), Cell(m.Status), Cell(string.Join(",", m.Roles)), Cell(m.Ready switch { true => "yes", false => "NO", null => "-" }),
                Cell(m.ReportedAt is { } at ? Text(at) : "-"), Cell(m.Problem ?? ""));
        i.Write(table);
        var reporting = doc.Members.Count(m => m.Ready is not null);
        i.Line(doc.Ready
            ? $"Ready: every reporting member ({Count(reporting, "member")}) (ops plane on {doc.Host}; nodes report every {doc.ReportEvery.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s)"
            : $"Not ready: {Text(doc.Members.Count(m => m.Ready == false))} of {Count(reporting, "reporting member")} (ops plane on {doc.Host})");
    }

    private static void DeadLetters(Invocation i, AkkaDeadLetterReport doc, string title)
    {
        i.Line(title);
        var kinds = Table("kind", "total", "last minute", "per minute (5 min)");
        foreach (var k in doc.Kinds) kinds.AddRow(Cell(k.Kind), Cell(k.Total), Cell(k.LastMinute), Cell(Rate(k.PerMinute5)));
        kinds.AddRow(Cell("all"), Cell(doc.Kinds.Sum(k => k.Total)), Cell(doc.LastMinute), Cell(Rate(doc.PerMinute5)));
        i.Write(kinds);
        i.Line(doc.AlertPerMinute == 0
            ? "Alert: never (Payments:Ops:DeadLetterAlertPerMinute is 0)"
            : $"Alert: {(doc.Alert ? "ON" : "off")} (at {Text(doc.AlertPerMinute)} or more in the last minute; now {Text(doc.LastMinute)})");
        i.Write(Counts("message type (since the start)", doc.TopMessageTypes));
        i.Write(Counts("recipient (since the start)", doc.TopRecipients));
    }

    private static Table Counts(string column, IReadOnlyList<DeadLetterCount> counts)
    {
        var table = Table(column, "count");
        foreach (var c in counts) table.AddRow(Cell(c.Name), Cell(c.Count));
        if (counts.Count == 0) table.AddRow(Cell("(none)"), Cell(0));
        return table;
    }

    /// <summary><c>1 node</c>, <c>2 nodes</c>.</summary>
    private static string Count(long n, string noun) => $"{Text(n)} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>A rate per minute to two decimals at most: <c>0.4</c>, <c>12</c>.</summary>
    private static string Rate(double perMinute) => perMinute.ToString("0.##", CultureInfo.InvariantCulture);
}
