using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Testing;

namespace Akka.Payments.Node.Tests.Management;

/// <summary>The management endpoint of a real running node: every read returns the node's real state, and nothing
/// that changes the cluster happens without the token.</summary>
[Collection(ManagedNodeCollection.Name)]
public sealed class ManagementEndpointSpec(ManagedNode node)
{
    private Task<JsonElement> Get(string path) => node.Http.GetFromJsonAsync<JsonElement>(path);

    [Fact]
    public async Task Healthz_says_alive_and_ready_passes_the_cluster_stream_and_journal_checks()
    {
        Assert.Equal("alive", (await Get("/healthz")).GetProperty("status").GetString());

        using var response = await node.Http.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ready = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(ready.GetProperty("ready").GetBoolean());
        var checks = ready.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ok").GetBoolean());
        Assert.Equal(["cluster", "journal", "stream"], checks.Keys.Order());
        Assert.All(checks.Values, Assert.True);
    }

    [Fact]
    public async Task Asked_for_port_0_the_endpoint_writes_the_url_it_really_listens_on_and_a_token_only_its_owner_can_read()
    {
        var written = new Uri((await File.ReadAllTextAsync(Path.Combine(node.DataDir, "management.url"))).Trim());
        Assert.Equal(node.Url.GetLeftPart(UriPartial.Authority), written.GetLeftPart(UriPartial.Authority));
        Assert.NotEqual(0, written.Port); // the port the system picked, not the 0 that was configured
        using (var client = new HttpClient { BaseAddress = written })
            Assert.Equal("alive", (await client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(node.DataDir, "management.token")));
    }

    [Fact]
    public async Task Cluster_members_shows_this_node_up_reachable_and_leader_with_its_role_and_app_version()
    {
        var members = await Get("/cluster/members");
        var self = members.GetProperty("self").GetString();
        var member = Assert.Single(members.GetProperty("members").EnumerateArray());
        Assert.Equal(self, member.GetProperty("address").GetString());
        Assert.Equal(self, members.GetProperty("leader").GetString());
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.Equal("Reachable", member.GetProperty("reachability").GetString());
        Assert.Equal(["payments"], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        // The node's own version (Cluster.Node's assembly), not Akka's default: the entry assembly's (the test host here).
        Assert.Equal(typeof(NodeHost).Assembly.GetName().Version!.ToString(3), member.GetProperty("appVersion").GetString());
        Assert.Equal(self, (await Get("/cluster/leader")).GetProperty("leader").GetString());
        Assert.Empty((await Get("/cluster/unreachable")).GetProperty("unreachable").EnumerateArray());
    }

    [Fact]
    public async Task An_account_shows_its_balance_the_total_confirmed_today_and_its_last_outcomes_newest_first()
    {
        var account = await Get($"/payments/accounts/{ManagedNode.AccountId}");
        Assert.Equal(74.50m, account.GetProperty("balances").GetProperty("EUR").GetDecimal());
        Assert.Equal(25.50m, account.GetProperty("confirmedToday").GetProperty("EUR").GetDecimal());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), account.GetProperty("today").GetString());
        var outcomes = account.GetProperty("lastOutcomes").EnumerateArray().Select(o => (o.GetProperty("outcome").GetString(), o.GetProperty("id").GetString()));
        Assert.Equal([("confirmed", "pay-m1"), ("credit applied", "credit-m1")], outcomes);
    }

    [Fact]
    public async Task Metrics_count_the_processed_records_shards_entities_journal_writes_and_their_groups_in_prometheus_text()
    {
        using var response = await node.Http.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("payments_outcomes_total{outcome=\"confirmed\"} 1", lines);
        Assert.Contains("payments_outcomes_total{outcome=\"credit_applied\"} 1", lines);
        Assert.Contains("payments_outcomes_total{outcome=\"declined\"} 0", lines);
        Assert.Contains("payments_dead_lettered_total 0", lines);
        Assert.Contains("payments_decision_failed_total 0", lines);
        Assert.Contains("# TYPE payments_stream_restarts_total counter", lines);
        Assert.Contains("payments_stream_restarts_total 0", lines);
        Assert.Contains("payments_in_flight_records 0", lines);
        Assert.Contains("# TYPE payments_journal_write_seconds histogram", lines);
        Assert.Contains("payments_journal_write_seconds_count 2", lines);
        Assert.Contains("payments_journal_write_seconds_bucket{le=\"+Inf\"} 2", lines);
        // Every journal write of the node (the two account events, the shard coordinator's) went through group commit.
        long Value(string name) => long.Parse(lines.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..]);
        var groups = Value("payments_journal_groups_total");
        var rows = Value("payments_journal_grouped_rows_total");
        Assert.InRange(rows, 2, long.MaxValue);
        Assert.InRange(groups, 1, rows);
        Assert.Equal(12, lines.Count(l => l.StartsWith("payments_consumer_lag{topic=\"payments.requested\"", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("payments_shards ", StringComparison.Ordinal) && l != "payments_shards 0");
        Assert.Contains(lines, l => l.StartsWith("payments_entities ", StringComparison.Ordinal) && l != "payments_entities 0");
        Assert.Contains("# TYPE payments_akka_dead_letters_total counter", lines);
        Assert.Contains("payments_akka_dead_letters_alert 0", lines);
    }

    [Fact]
    public async Task Ops_deadletters_node_answers_what_this_node_counted_of_akkas_undelivered_messages()
    {
        var self = (await Get("/cluster/members")).GetProperty("self").GetString();
        var report = await Get("/ops/deadletters/node");
        Assert.Equal(self, report.GetProperty("node").GetString());
        Assert.Equal(["dead_letter", "unhandled", "dropped"], report.GetProperty("kinds").EnumerateArray().Select(k => k.GetProperty("kind").GetString()));
        Assert.Equal(60, report.GetProperty("alertPerMinute").GetInt32());
        Assert.False(report.GetProperty("alert").GetBoolean());
    }

    [Fact]
    public async Task The_node_reports_to_the_ops_singleton_which_answers_its_health_and_its_dead_letters()
    {
        var self = (await Get("/cluster/members")).GetProperty("self").GetString();
        var health = await Eventually.Until(() => Get("/ops/health"), h => h.GetProperty("ready").GetBoolean(), TimeSpan.FromSeconds(30),
            "/ops/health to find this node ready");
        var member = Assert.Single(health.GetProperty("members").EnumerateArray());
        Assert.Equal(self, member.GetProperty("address").GetString());
        Assert.True(member.GetProperty("ready").GetBoolean());
        Assert.Equal(["cluster", "journal", "stream"], member.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
        var deadLetters = await Get("/ops/deadletters");
        Assert.Equal(self, Assert.Single(deadLetters.GetProperty("nodes").EnumerateArray()).GetProperty("node").GetString());
        Assert.Equal("cluster", deadLetters.GetProperty("sum").GetProperty("node").GetString());
        Assert.Equal(self, deadLetters.GetProperty("host").GetString());
    }

    [Fact]
    public async Task Lag_lists_every_partition_and_reaches_zero_once_the_stream_committed()
    {
        await Eventually.Until(async () => (await Get("/payments/lag")).GetProperty("total").GetInt64(),
            total => total == 0, TimeSpan.FromSeconds(30), "the total lag of /payments/lag to reach 0");
        var lag = await Get("/payments/lag");
        var partitions = lag.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 12), partitions.Select(p => p.GetProperty("partition").GetInt32()));
        Assert.Equal(2, partitions.Sum(p => p.GetProperty("end").GetInt64()));
        Assert.Contains(partitions, p => p.GetProperty("committed").ValueKind == JsonValueKind.Number);
        Assert.Equal("payments-node", lag.GetProperty("groupId").GetString());
    }

    [Fact]
    public async Task Kafka_info_names_the_embedded_bootstrap_servers_and_the_core_topics()
    {
        var info = await Get("/kafka/info");
        Assert.Equal(node.BootstrapServers, info.GetProperty("bootstrapServers").GetString());
        Assert.True(info.GetProperty("embedded").GetBoolean());
        Assert.Equal(
            [("payments.requested", 12), ("payments.processed", 12), ("payments.dlq", 12), ("payments.metrics", 12), ("payments.control", 12)],
            info.GetProperty("topics").EnumerateArray().Select(t => (t.GetProperty("name").GetString(), t.GetProperty("partitions").GetInt32())));
    }

    [Fact]
    public async Task Sharding_lists_the_account_region_and_counts_its_shards_and_entities_on_this_node()
    {
        Assert.Equal(["account"], (await Get("/cluster-sharding/regions")).GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
        var self = (await Get("/cluster/members")).GetProperty("self").GetString();

        var regionStats = await Get("/cluster-sharding/region-stats?region=account");
        var here = Assert.Single(regionStats.GetProperty("nodes").EnumerateArray());
        Assert.Equal(self, here.GetProperty("address").GetString());
        Assert.True(here.GetProperty("entities").GetInt32() >= 1);

        var shardStats = await Get("/cluster-sharding/shard-stats?region=account");
        var shards = shardStats.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(here.GetProperty("shards").GetInt32(), shards.Count);
        Assert.All(shards, s => Assert.Equal(self, s.GetProperty("address").GetString()));

        using var unknown = await node.Http.GetAsync("/cluster-sharding/region-stats?region=nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("/cluster/leave", null)]
    [InlineData("/cluster/leave", "not-the-token")]
    [InlineData("/cluster/down", null)]
    [InlineData("/cluster/down", "not-the-token")]
    [InlineData("/cluster/down-unreachable", "not-the-token")]
    [InlineData("/cluster/join", "not-the-token")]
    public async Task A_mutating_command_without_the_token_gets_401_and_the_node_stays_up(string path, string? token)
    {
        var self = (await Get("/cluster/members")).GetProperty("self").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { address = self }) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var member = Assert.Single((await Get("/cluster/members")).GetProperty("members").EnumerateArray());
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.True((await Get("/ready")).GetProperty("ready").GetBoolean());
    }
}
