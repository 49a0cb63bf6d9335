using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Cmd.Tests;

/// <summary>The <c>ops</c> palette against canned answers of <c>/ops/deadletters</c>, <c>/ops/deadletters/node</c> and
/// <c>/ops/health</c>: the tables it prints, its exit code, and the document <c>--json</c> passes through untouched.</summary>
public sealed class PayCtlOpsSpec
{
    private static readonly DateTimeOffset Since = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);
    private const string Node = "akka.tcp://payments@node-1:4053";

    private static string Document(int alertPerMinute, bool alert, IReadOnlyList<DeadLetterCount> types) =>
        JsonSerializer.Serialize(new AkkaDeadLetterReport(Node, Since, Since.AddMinutes(7),
            [new DeadLetterKindFigures("dead_letter", 120, 64, 20.4), new DeadLetterKindFigures("unhandled", 3, 1, 0.6),
             new DeadLetterKindFigures("dropped", 0, 0, 0)],
            65, 21, alertPerMinute, alert, types,
            types.Count == 0 ? [] : [new DeadLetterCount("/system/sharding/account/*/*", 118), new DeadLetterCount("/temp/*", 5)]),
            ManagementJsonContext.Default.AkkaDeadLetterReport);

    private static readonly string Busy = Document(60, true,
        [new DeadLetterCount("Akka.Payments.Shared.Accounts.DecideEvent", 118), new DeadLetterCount("(other)", 5)]);

    private static CannedEndpoint Endpoint(string document) => new(new Dictionary<string, string> { [ManagementPaths.OpsDeadLettersNode] = document });

    private const string Other = "akka.tcp://payments@node-2:4053";
    private const string Host = "akka.tcp://payments@node-2:4053";

    private static readonly AkkaDeadLetterReport Quiet = new(Other, Since.AddMinutes(2), Since.AddMinutes(7),
        [new DeadLetterKindFigures("dead_letter", 7, 0, 0.2), new DeadLetterKindFigures("unhandled", 0, 0, 0), new DeadLetterKindFigures("dropped", 0, 0, 0)],
        0, 0.2, 60, false, [new DeadLetterCount("Akka.Payments.Shared.Accounts.DecideEvent", 7)], []);

    private static string Cluster()
    {
        var busy = JsonSerializer.Deserialize(Busy, ManagementJsonContext.Default.AkkaDeadLetterReport)!;
        var sum = new AkkaDeadLetterReport("cluster", Since, Since.AddMinutes(7),
            [new DeadLetterKindFigures("dead_letter", 127, 64, 20.6), new DeadLetterKindFigures("unhandled", 3, 1, 0.6), new DeadLetterKindFigures("dropped", 0, 0, 0)],
            65, 21.2, 60, true, [new DeadLetterCount("Akka.Payments.Shared.Accounts.DecideEvent", 125), new DeadLetterCount("(other)", 5)],
            [new DeadLetterCount("/system/sharding/account/*/*", 118), new DeadLetterCount("/temp/*", 5)]);
        return JsonSerializer.Serialize(new ClusterDeadLetterReport(Host, Since.AddMinutes(7), sum, [busy, Quiet]),
            ManagementJsonContext.Default.ClusterDeadLetterReport);
    }

    private static string Health(bool ready) => JsonSerializer.Serialize(new ClusterHealthResponse(Host, Since.AddMinutes(7), ready, TimeSpan.FromSeconds(5),
    [
        new MemberHealth(Node, "Up", ["payments"], true, Since.AddMinutes(7), null, [new ReadinessCheckResult("stream", true, null)]),
        new MemberHealth(Other, "Up", ["payments"], ready, Since.AddMinutes(7).AddSeconds(-2), ready ? null : "stream: in a restart loop (3 restarts in 5 minutes)",
            [new ReadinessCheckResult("stream", ready, ready ? null : "in a restart loop (3 restarts in 5 minutes)")]),
        new MemberHealth("akka.tcp://payments@lighthouse:4053", "Up", ["lighthouse"], null, null, "does not report: not a payments node (its own /ready answers for it)", []),
    ]), ManagementJsonContext.Default.ClusterHealthResponse);

    [Fact]
    public async Task Json_prints_the_document_of_the_endpoint_as_it_came()
    {
        await using var endpoint = Endpoint(Busy);
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "deadletters", "--node", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["/ops/deadletters/node"], endpoint.Requests);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Busy), JsonNode.Parse(run.Out)), run.Out);
    }

    [Fact]
    public async Task Deadletters_node_prints_totals_and_rates_per_kind_the_alert_and_the_top_types_and_recipients()
    {
        await using var endpoint = Endpoint(Busy);
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "deadletters", "--node");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"Akka dead letters on {Node}, counted since 2026-11-29T18:00:00+00:00", run.Out);
        Assert.Equal(["dead_letter", "120", "64", "20.4"], Row(run.Out, "dead_letter"));
        Assert.Equal(["unhandled", "3", "1", "0.6"], Row(run.Out, "unhandled"));
        Assert.Equal(["dropped", "0", "0", "0"], Row(run.Out, "dropped"));
        Assert.Equal(["all", "123", "65", "21"], Row(run.Out, "all"));
        Assert.Contains("Alert: ON (at 60 or more in the last minute; now 65)", run.Out);
        Assert.Equal(["Akka.Payments.Shared.Accounts.DecideEvent", "118"], Row(run.Out, "Akka.Payments.Shared.Accounts.DecideEvent"));
        Assert.Equal(["(other)", "5"], Row(run.Out, "(other)"));
        Assert.Equal(["/system/sharding/account/*/*", "118"], Row(run.Out, "/system/sharding/account/*/*"));
    }

    [Fact]
    public async Task A_node_without_dead_letters_and_without_an_alert_threshold_says_so()
    {
        await using var endpoint = Endpoint(Document(0, false, []));
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "deadletters", "--node");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Alert: never (Payments:Ops:DeadLetterAlertPerMinute is 0)", run.Out);
        Assert.Equal(2, run.Out.Split('\n').Count(l => l.Contains("(none)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Deadletters_prints_the_sum_of_every_node_and_a_row_per_node()
    {
        await using var endpoint = new CannedEndpoint(new Dictionary<string, string> { [ManagementPaths.OpsDeadLetters] = Cluster() });
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "deadletters");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["/ops/deadletters"], endpoint.Requests);
        Assert.Contains($"Akka dead letters of 2 nodes, counted since 2026-11-29T18:00:00+00:00 (ops plane on {Host})", run.Out);
        Assert.Equal(["dead_letter", "127", "64", "20.6"], Row(run.Out, "dead_letter"));
        Assert.Equal(["all", "130", "65", "21.2"], Row(run.Out, "all"));
        Assert.Contains("Alert: ON (at 60 or more in the last minute; now 65)", run.Out);
        Assert.Equal(["Akka.Payments.Shared.Accounts.DecideEvent", "125"], Row(run.Out, "Akka.Payments.Shared.Accounts.DecideEvent"));
        Assert.Equal([Node, "123", "65", "21", "ON", "2026-11-29T18:07:00+00:00"], Row(run.Out, Node));
        Assert.Equal([Other, "7", "0", "0.2", "off", "2026-11-29T18:07:00+00:00"], Row(run.Out, Other));
    }

    [Fact]
    public async Task Health_lists_every_member_and_exits_zero_when_every_reporting_member_is_ready()
    {
        await using var endpoint = new CannedEndpoint(new Dictionary<string, string> { [ManagementPaths.OpsHealth] = Health(ready: true) });
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "health");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["/ops/health"], endpoint.Requests);
        Assert.Equal([Node, "Up", "payments", "yes", "2026-11-29T18:07:00+00:00"], Row(run.Out, Node));
        var lighthouse = Row(run.Out, "akka.tcp://payments@lighthouse:4053");
        Assert.Equal(["akka.tcp://payments@lighthouse:4053", "Up", "lighthouse", "-", "-"], lighthouse[..5]);
        Assert.StartsWith("does not report: not a payments node", lighthouse[5], StringComparison.Ordinal); // the table wraps the rest
        Assert.Contains($"Ready: every reporting member (2 members) (ops plane on {Host}; nodes report every 5 s)", run.Out);
    }

    [Fact]
    public async Task Health_says_why_a_member_is_not_ready_and_exits_one()
    {
        await using var endpoint = new CannedEndpoint(new Dictionary<string, string> { [ManagementPaths.OpsHealth] = Health(ready: false) });
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "health");

        Assert.Equal(1, run.ExitCode);
        var other = Row(run.Out, Other);
        Assert.Equal([Other, "Up", "payments", "NO", "2026-11-29T18:06:58+00:00"], other[..5]);
        Assert.StartsWith("stream: in a restart loop", other[5], StringComparison.Ordinal); // the table wraps the rest
        Assert.Contains($"Not ready: 1 of 2 reporting members (ops plane on {Host})", run.Out);
        Assert.Contains("not ready: 1 of 2 reporting members", run.Error);
    }

    [Fact]
    public async Task Health_json_prints_the_document_as_it_came_and_still_exits_one_when_a_member_is_not_ready()
    {
        var document = Health(ready: false);
        await using var endpoint = new CannedEndpoint(new Dictionary<string, string> { [ManagementPaths.OpsHealth] = document });
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "health", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), JsonNode.Parse(run.Out)), run.Out);
    }

    /// <summary>The cells of the one table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] Row(string output, string first) =>
        Assert.Single(output.Split('\n').Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            cells => cells.Length > 0 && cells[0] == first);
}
