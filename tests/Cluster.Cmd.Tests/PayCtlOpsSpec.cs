using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Cmd.Tests;

/// <summary>The <c>ops</c> palette against a canned answer of <c>/ops/deadletters</c>: the tables it prints and the
/// document <c>--json</c> passes through untouched.</summary>
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

    private static CannedEndpoint Endpoint(string document) => new(new Dictionary<string, string> { [ManagementPaths.OpsDeadLetters] = document });

    [Fact]
    public async Task Json_prints_the_document_of_the_endpoint_as_it_came()
    {
        await using var endpoint = Endpoint(Busy);
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "deadletters", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["/ops/deadletters"], endpoint.Requests);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Busy), JsonNode.Parse(run.Out)), run.Out);
    }

    [Fact]
    public async Task Deadletters_prints_totals_and_rates_per_kind_the_alert_and_the_top_types_and_recipients()
    {
        await using var endpoint = Endpoint(Busy);
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "deadletters");

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
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "deadletters");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Alert: never (Payments:Ops:DeadLetterAlertPerMinute is 0)", run.Out);
        Assert.Equal(2, run.Out.Split('\n').Count(l => l.Contains("(none)", StringComparison.Ordinal)));
    }

    /// <summary>The cells of the one table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] Row(string output, string first) =>
        Assert.Single(output.Split('\n').Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            cells => cells.Length > 0 && cells[0] == first);
}
