using System.Text.Json;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Shared.Tests;

/// <summary>The management contracts keep the JSON that payctl versions and scripts (<c>--json</c>) already read.</summary>
public class ManagementContractTests
{
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;

    [Fact]
    public void An_account_is_written_with_camel_case_names_currency_keys_as_they_are_and_nulls_kept()
    {
        var account = new AccountResponse("acc-1", 2, new Dictionary<string, decimal> { ["EUR"] = 74.50m }, "2026-11-26",
            new Dictionary<string, decimal> { ["EUR"] = 25.50m },
            [new AccountOutcome("confirmed", "pay-1", 25.50m, "EUR", 74.50m, null, new DateTimeOffset(2026, 11, 26, 14, 0, 0, 123, TimeSpan.Zero))]);

        Assert.Equal(
            """{"accountId":"acc-1","events":2,"balances":{"EUR":74.50},"today":"2026-11-26","confirmedToday":{"EUR":25.50},"lastOutcomes":""" +
            """[{"outcome":"confirmed","id":"pay-1","amount":25.50,"currency":"EUR","balanceAfter":74.50,"reason":null,"processedAt":"2026-11-26T14:00:00.123+00:00"}]}""",
            JsonSerializer.Serialize(account, Json.AccountResponse));
    }

    [Fact]
    public void A_lag_answer_names_each_partition_s_committed_offset_even_when_there_is_none()
    {
        var lag = new LagResponse("payments-node", [new PartitionLag("payments.requested", 0, null, 5, 5)], 5);

        Assert.Equal(
            """{"groupId":"payments-node","partitions":[{"topic":"payments.requested","partition":0,"committed":null,"end":5,"lag":5}],"total":5}""",
            JsonSerializer.Serialize(lag, Json.LagResponse));
    }

    [Fact]
    public void A_leader_change_in_the_tail_has_no_status_and_a_member_event_has_one()
    {
        Assert.Equal("""{"event":"LeaderChanged","address":"akka.tcp://payments@a:1","at":"t"}""",
            JsonSerializer.Serialize(new ClusterTailEvent("LeaderChanged", "akka.tcp://payments@a:1", null, "t"), Json.ClusterTailEvent));
        Assert.Equal("""{"event":"MemberUp","address":"akka.tcp://payments@a:1","status":"Up","at":"t"}""",
            JsonSerializer.Serialize(new ClusterTailEvent("MemberUp", "akka.tcp://payments@a:1", "Up", "t"), Json.ClusterTailEvent));
    }

    [Fact]
    public void An_error_body_escapes_as_ASP_NET_does_and_reads_back_whatever_the_case_of_its_name()
    {
        Assert.Equal("""{"error":"no region \u0027x\u0027"}""", JsonSerializer.Serialize(new ErrorResponse("no region 'x'"), Json.ErrorResponse));
        Assert.Equal("boom", JsonSerializer.Deserialize("""{"Error":"boom"}""", Json.ErrorResponse)!.Error);
    }

    [Fact]
    public void An_account_path_escapes_the_id_and_matches_the_route_template()
    {
        Assert.Equal("/payments/accounts/a%2Fb%20c", ManagementPaths.PaymentsAccountOf("a/b c"));
        Assert.Equal(ManagementPaths.PaymentsAccount.Replace("{id}", "acc-1"), ManagementPaths.PaymentsAccountOf("acc-1"));
    }

    [Fact]
    public void A_trust_answer_round_trips_its_closed_and_restated_windows_with_their_discriminators()
    {
        static MetricsWindow Window(int revision) => MetricsWindow.Of(
            new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 14, 1, 0, TimeSpan.Zero), revision,
            new Dictionary<string, CurrencyTotal> { ["EUR"] = new(2, 39.80m) }, new Dictionary<string, long> { ["insufficient_funds"] = 1 },
            new Dictionary<string, CurrencyTotal>(), new Dictionary<string, long> { ["schema_violation"] = 1 },
            new LatencyFigures(2, 1500, 12007, 12007, 12010, 0), new DataQuality(0.25, 0, 0, revision - 1, 0, 0));
        var windows = new TrustWindowsResponse("akka.tcp://payments@a:1", [Window(2), Window(1)]);

        var json = JsonSerializer.Serialize(windows, Json.TrustWindowsResponse);
        var back = JsonSerializer.Deserialize(json, Json.TrustWindowsResponse)!;

        Assert.Contains("""{"$type":"payments.metrics.window.restated.v1","start":"2026-11-26T14:00:00+00:00","end":"2026-11-26T14:01:00+00:00","revision":2,""", json);
        Assert.Contains("""{"$type":"payments.metrics.window.v1","start":"2026-11-26T14:00:00+00:00","end":"2026-11-26T14:01:00+00:00","revision":1,""", json);
        Assert.Collection(back.Windows, w => Assert.IsType<MetricsWindowRestated>(w), w => Assert.IsType<MetricsWindowClosed>(w));
        Assert.Equal(json, JsonSerializer.Serialize(back, Json.TrustWindowsResponse));
    }

    [Fact]
    public void A_trust_answer_without_figures_or_watermark_keeps_its_nulls()
    {
        Assert.Equal("""{"host":"h","watermark":null,"open":[],"pending":0}""",
            JsonSerializer.Serialize(new TrustCurrentResponse("h", null, [], 0), Json.TrustCurrentResponse));
        Assert.Equal("""{"host":"h","since":null,"figures":null,"complete":true,"expired":0,"alreadyCovered":0,"unreadable":0,"offsets":[]}""",
            JsonSerializer.Serialize(new TrustTotalsResponse("h", null, null, true, 0, 0, 0, []), Json.TrustTotalsResponse));
    }

    [Fact]
    public void Trust_paths_carry_their_query_escaped()
    {
        Assert.Equal("/trust/windows?last=5", ManagementPaths.TrustWindowsOf(5));
        Assert.Equal("/trust/totals?since=2026-11-26T15%3A00%3A00.0000000%2B02%3A00",
            ManagementPaths.TrustTotalsSince(new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void The_default_url_is_loopback_on_the_default_port()
    {
        var url = new Uri(ManagementEndpoint.DefaultUrl);

        Assert.True(url.IsLoopback);
        Assert.Equal(ManagementEndpoint.DefaultPort, url.Port);
    }
}
