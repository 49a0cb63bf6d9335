using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Cmd.Tests;

/// <summary>The <c>control rules</c> commands against canned answers of the rules singleton: what they ask for or post
/// (with the token), the tables they print, the documents <c>--json</c> passes through, and their usage errors.</summary>
public sealed class PayCtlControlRulesSpec
{
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;
    private static readonly DateTimeOffset At = new(2026, 11, 29, 18, 5, 0, TimeSpan.Zero);
    private const string Host = "akka.tcp://payments@node-1:4053";
    private const string Token = "s3cret";

    private static readonly IReadOnlyList<RuleValue> Values =
    [
        new("maxAmount", "50", "a decimal greater than 0"),
        new("blockedCountries", "-", "comma-separated codes of 2 upper-case letters, or '-' for none"),
    ];

    private static readonly RuleChangeView Change = new(2, "maxAmount", "10000", "50", "token@127.0.0.1", At, "INC-7: card testing");

    private static readonly string ShowDocument = JsonSerializer.Serialize(new RulesResponse(Host, 2, Values, Change), Json.RulesResponse);

    private static readonly string HistoryDocument = JsonSerializer.Serialize(new RulesHistoryResponse(Host, 3,
        [new RuleChangeView(3, "blockedCountries", "KP", "-", "token@10.0.0.9", At.AddMinutes(5), "sanctions lifted"), Change]),
        Json.RulesHistoryResponse);

    private static readonly string NodeDocument = JsonSerializer.Serialize(new NodeRulesResponse("akka.tcp://payments@node-2:4053", 2, Values),
        Json.NodeRulesResponse);

    private static readonly string SetDocument = JsonSerializer.Serialize(new SetRuleResponse(Host, Change), Json.SetRuleResponse);

    private static CannedEndpoint Endpoint() => new(new Dictionary<string, string>
    {
        [ManagementPaths.ControlRules] = ShowDocument, // GET, and the POST's answer below is asked of the same path
        [ManagementPaths.ControlRulesHistory] = HistoryDocument,
        [ManagementPaths.ControlRulesNode] = NodeDocument,
    });

    [Theory]
    [InlineData("show")]
    [InlineData("history")]
    [InlineData("node")]
    public async Task Json_prints_the_document_of_the_endpoint_as_it_came(string command)
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "control", "rules", command, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var expected = command switch { "show" => ShowDocument, "history" => HistoryDocument, _ => NodeDocument };
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(run.Out)), run.Out);
    }

    [Fact]
    public async Task Show_prints_every_rule_with_its_value_and_what_it_takes_then_the_version_and_the_last_change()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "control", "rules", "show");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([ManagementPaths.ControlRules], endpoint.Requests);
        Assert.Equal(["maxAmount", "50", "a decimal greater than 0"], Row(run.Out, "maxAmount"));
        Assert.Equal(["blockedCountries", "-", "comma-separated codes of 2 upper-case letters, or '-' for none"], Row(run.Out, "blockedCountries"));
        Assert.Contains($"Rules version 2 (rules plane on {Host})", run.Out);
        Assert.Contains("Last change: version 2, maxAmount 10000 -> 50, by token@127.0.0.1 at 2026-11-29T18:05:00+00:00: INC-7: card testing", run.Out);
    }

    [Fact]
    public async Task History_prints_one_row_per_change_newest_first()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "control", "rules", "history");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["3", "2026-11-29T18:10:00+00:00", "blockedCountries", "KP", "-", "token@10.0.0.9", "sanctions lifted"], Row(run.Out, "3"));
        Assert.Equal(["2", "2026-11-29T18:05:00+00:00", "maxAmount", "10000", "50", "token@127.0.0.1", "INC-7: card testing"], Row(run.Out, "2"));
        Assert.True(run.Out.IndexOf("sanctions lifted", StringComparison.Ordinal) < run.Out.IndexOf("INC-7", StringComparison.Ordinal));
        Assert.Contains($"Rules version 3 (rules plane on {Host})", run.Out);
    }

    [Fact]
    public async Task Node_prints_the_rules_the_answering_node_decides_with()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "control", "rules", "node");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["maxAmount", "50", "a decimal greater than 0"], Row(run.Out, "maxAmount"));
        Assert.Contains("Rules version 2 on akka.tcp://payments@node-2:4053", run.Out);
    }

    [Fact]
    public async Task Set_posts_the_key_the_value_and_the_reason_with_the_token_and_prints_the_new_version()
    {
        await using var endpoint = new CannedEndpoint(new Dictionary<string, string> { [ManagementPaths.ControlRules] = SetDocument });
        var run = await PayCtlRun.Of(endpoint.Host, "control", "rules", "set", "maxAmount", "50", "--reason", "INC-7: card testing", "--token", Token);

        Assert.True(run.ExitCode == 0, run.Error);
        var post = Assert.Single(endpoint.Posts);
        Assert.Equal(ManagementPaths.ControlRules, post.Path);
        Assert.Equal($"Bearer {Token}", post.Authorization);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"key":"maxAmount","value":"50","reason":"INC-7: card testing"}"""), JsonNode.Parse(post.Body)),
            post.Body);
        Assert.Contains("Rules version 2: maxAmount 10000 -> 50\n", run.Out);
        Assert.Contains($"By token@127.0.0.1 at 2026-11-29T18:05:00+00:00: INC-7: card testing (rules plane on {Host})", run.Out);
    }

    [Theory]
    [InlineData("a rule change says why: --reason \"text\"", "set", "maxAmount", "50")]
    [InlineData("a rule change says why: --reason \"text\"", "set", "maxAmount", "50", "--reason", " ")]
    [InlineData("missing <value>", "set", "maxAmount", "--reason", "why")]
    [InlineData("missing <key>", "set")]
    [InlineData("unexpected argument 'extra'", "set", "maxAmount", "50", "extra", "--reason", "why")]
    [InlineData("unexpected argument 'extra'", "show", "extra")]
    public async Task A_usage_error_exits_2_naming_what_is_wrong_and_sends_nothing(string error, params string[] words)
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of([endpoint.Host, "control", "rules", .. words, "--token", Token]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(error, run.Error, StringComparison.Ordinal);
        Assert.Empty(endpoint.Requests);
    }

    /// <summary>The cells of the one table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] Row(string output, string first) =>
        Assert.Single(output.Split('\n').Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            cells => cells.Length > 0 && cells[0] == first);
}
