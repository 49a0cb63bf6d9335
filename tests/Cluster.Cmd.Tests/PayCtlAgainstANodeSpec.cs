using System.Text.Json;
using Akka.Payments.Node.Tests.Management;
using Akka.Payments.Testing;

namespace Akka.Payments.Cmd.Tests;

/// <summary>payctl against a real running node: tables for people, <c>--json</c> for scripts, exit codes for both.</summary>
[Collection(ManagedNodeCollection.Name)]
public sealed class PayCtlAgainstANodeSpec(ManagedNode node)
{
    private string Host => node.Url.GetLeftPart(UriPartial.Authority);

    private async Task<string> Self() =>
        JsonDocument.Parse((await PayCtlRun.Of(Host, "cluster", "show", "--json")).Out).RootElement.GetProperty("self").GetString()!;

    [Fact]
    public async Task Cluster_show_prints_one_row_per_member_and_the_count()
    {
        var run = await PayCtlRun.Of(Host, "cluster", "show");

        Assert.True(run.ExitCode == 0, run.Error);
        var self = await Self();
        Assert.Contains("address", run.Out);
        Assert.Contains("app version", run.Out);
        var row = Assert.Single(run.Out.Split('\n'), l => l.Contains(self));
        Assert.Contains("(leader)", row);
        Assert.Contains("payments", row);
        Assert.Contains("Up", row);
        Assert.Contains("Reachable", row);
        Assert.Contains("Count: 1 node", run.Out);
    }

    [Fact]
    public async Task Cluster_show_json_is_the_members_document_scripts_can_parse()
    {
        var run = await PayCtlRun.Of(Host, "cluster", "show", "--json");

        Assert.Equal(0, run.ExitCode);
        var doc = JsonDocument.Parse(run.Out).RootElement;
        var member = Assert.Single(doc.GetProperty("members").EnumerateArray());
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.Equal(doc.GetProperty("leader").GetString(), member.GetProperty("address").GetString());
    }

    [Fact]
    public async Task Leader_and_unreachable_answer_from_the_cluster_state()
    {
        var leader = await PayCtlRun.Of(Host, "cluster", "leader");
        Assert.Equal((0, await Self()), (leader.ExitCode, leader.Out.Trim()));
        var unreachable = await PayCtlRun.Of(Host, "cluster", "unreachable");
        Assert.Equal((0, "No unreachable members."), (unreachable.ExitCode, unreachable.Out.Trim()));
    }

    [Fact]
    public async Task Payments_account_prints_the_balance_todays_total_and_the_last_outcomes()
    {
        var run = await PayCtlRun.Of(Host, "payments", "account", ManagedNode.AccountId);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Account {ManagedNode.AccountId} (2 events)", run.Out);
        var balance = Assert.Single(run.Out.Split('\n'), l => l.TrimStart('│', ' ').StartsWith("EUR", StringComparison.Ordinal));
        Assert.Equal(["EUR", "74.50", "25.50"], balance.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(run.Out.Split('\n'), l => l.Contains("confirmed") && l.Contains("pay-m1") && l.Contains("74.50"));
        Assert.Contains(run.Out.Split('\n'), l => l.Contains("credit applied") && l.Contains("credit-m1") && l.Contains("100.00"));

        var json = JsonDocument.Parse((await PayCtlRun.Of(Host, "payments", "account", ManagedNode.AccountId, "--json")).Out).RootElement;
        Assert.Equal(74.50m, json.GetProperty("balances").GetProperty("EUR").GetDecimal());
        Assert.Equal(25.50m, json.GetProperty("confirmedToday").GetProperty("EUR").GetDecimal());
    }

    [Fact]
    public async Task Payments_lag_prints_a_row_per_partition_and_the_total()
    {
        await Eventually.Until(
            async () => JsonDocument.Parse((await PayCtlRun.Of(Host, "payments", "lag", "--json")).Out).RootElement.GetProperty("total").GetInt64(),
            total => total == 0, TimeSpan.FromSeconds(30), "the total lag printed by payctl to reach 0");
        var run = await PayCtlRun.Of(Host, "payments", "lag");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(12, run.Out.Split('\n').Count(l => l.Contains("payments.requested")));
        Assert.Contains("Total lag: 0 (group payments-node)", run.Out);
    }

    [Fact]
    public async Task Kafka_info_prints_the_bootstrap_servers_and_the_topics()
    {
        var run = await PayCtlRun.Of(Host, "kafka", "info");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Bootstrap servers: {node.BootstrapServers} (embedded)", run.Out);
        foreach (var topic in new[] { "payments.requested", "payments.processed", "payments.dlq" })
            Assert.Contains(run.Out.Split('\n'), l => l.Contains(topic) && l.Contains("12"));
    }

    [Fact]
    public async Task Sharding_regions_region_stats_and_shard_stats_show_the_account_region_on_this_node()
    {
        var regions = await PayCtlRun.Of(Host, "cluster-sharding", "regions");
        Assert.Equal((0, "account"), (regions.ExitCode, regions.Out.Trim()));

        var self = await Self();
        var regionStats = await PayCtlRun.Of(Host, "cluster-sharding", "region-stats", "-r", "account");
        Assert.Equal(0, regionStats.ExitCode);
        Assert.Contains(regionStats.Out.Split('\n'), l => l.Contains(self));
        Assert.Contains(regionStats.Out.Split('\n'), l => l.Contains("total"));

        var shardStats = await PayCtlRun.Of(Host, "cluster-sharding", "shard-stats", "--region=account", "--json");
        var shards = JsonDocument.Parse(shardStats.Out).RootElement.GetProperty("shards").EnumerateArray().ToList();
        Assert.NotEmpty(shards);
        Assert.All(shards, s => Assert.Equal(self, s.GetProperty("address").GetString()));

        var unknown = await PayCtlRun.Of(Host, "cluster-sharding", "region-stats", "-r", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no region 'nope'", unknown.Error);
    }

    [Theory]
    [InlineData("cluster", "leave")]
    [InlineData("cluster", "down-unreachable")]
    public async Task A_mutating_command_without_the_token_or_with_a_wrong_one_is_refused_with_exit_1_and_changes_nothing(string palette, string command)
    {
        var empty = Directory.CreateTempSubdirectory("payctl-no-token-").FullName; // no management.token to fall back on
        var withoutToken = await PayCtlRun.Of(Host, palette, command, "--data-dir", empty);
        var wrongToken = await PayCtlRun.Of(Host, palette, command, "--token", "not-the-token");

        foreach (var run in new[] { withoutToken, wrongToken })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.StartsWith("payctl: refused (401 Unauthorized)", run.Error);
        }
        var show = await PayCtlRun.Of(Host, "cluster", "show");
        Assert.Contains("Count: 1 node", show.Out);
        Assert.Contains(show.Out.Split('\n'), l => l.Contains("(leader)") && l.Contains("Up"));
    }

    [Fact]
    public async Task Cluster_tail_prints_membership_events_as_lines_until_cancelled_and_exits_0()
    {
        var self = await Self();
        using var output = new StopWhenWritten("MemberUp");
        using var error = new StringWriter();
        var console = new CmdConsole(new StringReader(""), output, error, interactive: false);

        var code = await PayCtl.RunAsync([Host, "cluster", "tail"], console, output.Stop.Token)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.Contains(output.ToString().Split('\n'), l => l.Contains("MemberUp") && l.Contains(self) && l.Contains("Up"));
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task Without_a_host_payctl_finds_the_node_and_token_through_the_data_dir()
    {
        var run = await PayCtlRun.Of("cluster", "leader", "--data-dir", node.DataDir);
        Assert.Equal((0, await Self()), (run.ExitCode, run.Out.Trim()));
    }

    [Fact]
    public async Task With_no_command_payctl_is_a_prompt_with_history_help_and_exit()
    {
        var run = await PayCtlRun.WithInput("cluster leader\nhelp\nhistory\nexit\n", Host);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("payctl> ", run.Out);
        Assert.Contains(await Self(), run.Out);
        Assert.Contains("Palettes:", run.Out);
        Assert.Contains("   1  cluster leader", run.Out);
        Assert.Contains("   2  help", run.Out);
    }
}
