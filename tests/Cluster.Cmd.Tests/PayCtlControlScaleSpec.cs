using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Cmd.Tests;

/// <summary>The <c>control</c> palette's autoscaling commands against canned answers of <c>/control/status</c>,
/// <c>/control/scale</c> and <c>/control/autoscale</c>: the tables, the bodies and token it sends, its exit codes, and
/// <c>--json</c> passed through untouched.</summary>
public sealed class PayCtlControlScaleSpec
{
    private const string Token = "t0ken";
    private const string Host = "akka.tcp://payments@node-1:4053";
    private const string Other = "akka.tcp://payments@node-2:4053";
    private static readonly DateTimeOffset At = new(2026, 11, 29, 21, 0, 0, TimeSpan.Zero);

    private static readonly List<ScaleNodeSignals> Nodes =
    [
        new(Host, At, 412.5, 37, new List<string> { "payments.requested/0", "payments.requested/1" }, 0.62),
        new(Other, At.AddSeconds(-2), 398, 12, new List<string> { "payments.requested/2" }, 0.58),
    ];

    private static readonly ScaleDecidedSignals Sample = new(2, 1, 4, 9_000, 1, 500, 8_500, 810.5, 10.5, 0.6, 2, 1, 0, At.AddSeconds(40), Nodes);

    private static readonly ScaleDecided Decided = new("scale-2", At.AddSeconds(-20), 1, 2, "lag_seconds", "autoscaler", Sample);

    private static string Status(bool autoscale) => JsonSerializer.Serialize(new ScalerStatusResponse(Host, At, 2, 2, autoscale, "process", 1, 4, 12,
        Sample, At, null, autoscale ? null : Decided with { Id = "not-taken", From = 2, To = 3 }, Nodes,
        new List<StuckPartitionView> { new("payments.requested", 7, 120, 500, At.AddSeconds(-45), TimeSpan.FromSeconds(45)) },
        new List<ScaleDecided> { Decided, new("scale-1", At.AddMinutes(-10), 2, 1, "idle", "autoscaler", null) }),
        ManagementJsonContext.Default.ScalerStatusResponse);

    private static CannedEndpoint Endpoint(string path, string document) => new(new Dictionary<string, string> { [path] = document });

    [Fact]
    public async Task Status_prints_the_nodes_the_lag_the_signals_of_each_node_the_stuck_partitions_and_the_decisions()
    {
        await using var endpoint = Endpoint(ManagementPaths.ControlStatus, Status(autoscale: true));
        var run = await PayCtlRun.Of(endpoint.Host, "control", "status");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"Payment nodes: 2 up, 2 desired (bounds 1 to 4, 12 input partitions). Autoscale on, actuator process. Scaler on {Host}", run.Out);
        Assert.Contains("Lag: 8500 records (+500 on 1 partitions that do not drain), 10.5 s at 810.5 records/s; utilisation 60%", run.Out);
        Assert.Contains("Cooldown until 2026-11-29T21:00:40+00:00", run.Out);
        Assert.Equal([Host, "412.5", "37", "2", "62%", "2026-11-29T21:00:00+00:00"], Row(run.Out, Host));
        Assert.Equal(["payments.requested/7", "120", "500", "2026-11-29T20:59:15+00:00", "45 s"], Row(run.Out, "payments.requested/7"));
        Assert.Equal(["scale-2", "2026-11-29T20:59:40+00:00", "1", "2", "lag_seconds", "autoscaler", "10.5 s"], Row(run.Out, "scale-2"));
        Assert.Equal(["scale-1", "2026-11-29T20:50:00+00:00", "2", "1", "idle", "autoscaler", "-"], Row(run.Out, "scale-1"));
    }

    [Fact]
    public async Task Status_with_autoscale_off_says_what_the_policy_would_do_and_json_passes_the_document_through()
    {
        var document = Status(autoscale: false);
        await using var endpoint = Endpoint(ManagementPaths.ControlStatus, document);
        var human = await PayCtlRun.Of(endpoint.Host, "control", "status");
        var json = await PayCtlRun.Of(endpoint.Host, "control", "status", "--json");

        Assert.Contains("Autoscale is off; the policy would scale 2 -> 3 (lag_seconds).", human.Out);
        Assert.True(json.ExitCode == 0, json.Error);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), JsonNode.Parse(json.Out)), json.Out);
    }

    [Fact]
    public async Task Scale_posts_the_count_with_the_token_and_prints_the_decision()
    {
        var answer = JsonSerializer.Serialize(new ScaleResponse(Host, new ScaleDecided("scale-3", At, 2, 3, "manual", "token@127.0.0.1", Sample)),
            ManagementJsonContext.Default.ScaleResponse);
        await using var endpoint = Endpoint(ManagementPaths.ControlScale, answer);
        var run = await PayCtlRun.Of(endpoint.Host, "control", "scale", "3", "--token", Token);

        Assert.True(run.ExitCode == 0, run.Error);
        var post = Assert.Single(endpoint.Posts);
        Assert.Equal((ManagementPaths.ControlScale, $"Bearer {Token}"), (post.Path, post.Authorization));
        Assert.Equal(3, JsonNode.Parse(post.Body)!["nodes"]!.GetValue<int>());
        Assert.Contains($"Scale decision scale-3: 2 -> 3 payment nodes (manual, by token@127.0.0.1). Scaler on {Host}", run.Out);
    }

    [Fact]
    public async Task Autoscale_off_posts_false_and_says_whether_it_changed()
    {
        var answer = JsonSerializer.Serialize(new AutoscaleResponse(Host, false, true), ManagementJsonContext.Default.AutoscaleResponse);
        await using var endpoint = Endpoint(ManagementPaths.ControlAutoscale, answer);
        var run = await PayCtlRun.Of(endpoint.Host, "control", "autoscale", "off", "--token", Token);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(JsonNode.Parse(Assert.Single(endpoint.Posts).Body)!["on"]!.GetValue<bool>());
        Assert.Contains($"Autoscale is now off. Scaler on {Host}", run.Out);
    }

    [Theory]
    [InlineData("scale", "zero")]
    [InlineData("scale", "0")]
    [InlineData("autoscale", "maybe")]
    public async Task A_bad_argument_is_a_usage_error_with_exit_code_2_and_nothing_is_sent(string command, string argument)
    {
        await using var endpoint = Endpoint(ManagementPaths.ControlScale, "{}");
        var run = await PayCtlRun.Of(endpoint.Host, "control", command, argument, "--token", Token);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(endpoint.Requests);
    }

    [Fact]
    public async Task Help_lists_the_control_palette_with_its_scaling_commands()
    {
        var run = await PayCtlRun.Of("control", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  status ", run.Out);
        Assert.Contains("  scale <nodes> ", run.Out);
        Assert.Contains("  autoscale on|off ", run.Out);
    }

    private static string[] Row(string output, string first) =>
        Assert.Single(output.Split('\n').Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            cells => cells.Length > 0 && cells[0] == first);
}
