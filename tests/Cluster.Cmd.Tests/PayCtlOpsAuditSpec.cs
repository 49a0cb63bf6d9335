using System.Text.Json;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Cmd.Tests;

/// <summary><c>payctl ops audit</c> against a canned answer of <c>/ops/audit</c>.</summary>
public sealed class PayCtlOpsAuditSpec
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);

    private static readonly string Document = JsonSerializer.Serialize(new AuditResponse("akka.tcp://payments@node-1:4053", 7,
        [
            new AuditEntry(At.AddMinutes(1), "akka.tcp://payments@node-2:4053", "POST /ops/dlq/replay", "{\"ids\":[\"payments.requested-3-45\"]}", "token@127.0.0.1", 200),
            new AuditEntry(At, "akka.tcp://payments@node-1:4053", "POST /cluster/down", "{\"address\":\"x\"}", "refused@10.0.0.7", 401),
        ]), ManagementJsonContext.Default.AuditResponse);

    private static string[] Row(string output, string first) =>
        Assert.Single(output.Split('\n').Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            cells => cells.Length > 0 && cells[0] == first);

    [Fact]
    public async Task Audit_prints_each_command_with_its_node_arguments_caller_and_status_and_passes_since_and_limit()
    {
        await using var endpoint = new CannedEndpoint(new Dictionary<string, string>
        {
            ["/ops/audit"] = Document,
            ["/ops/audit?since=2026-11-29T18%3A00%3A00.0000000%2B00%3A00&limit=2"] = Document,
        });

        var plain = await PayCtlRun.Of(endpoint.Host, "ops", "audit");
        var filtered = await PayCtlRun.Of(endpoint.Host, "ops", "audit", "--since", "2026-11-29T18:00:00Z", "--limit", "2");

        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.True(filtered.ExitCode == 0, filtered.Error);
        Assert.Equal(["/ops/audit", "/ops/audit?since=2026-11-29T18%3A00%3A00.0000000%2B00%3A00&limit=2"], endpoint.Requests);
        Assert.Equal(["2026-11-29T18:01:00+00:00", "akka.tcp://payments@node-2:4053", "POST /ops/dlq/replay",
            "{\"ids\":[\"payments.requested-3-45\"]}", "token@127.0.0.1", "200"], Row(plain.Out, "2026-11-29T18:01:00+00:00"));
        Assert.Equal("401", Row(plain.Out, "2026-11-29T18:00:00+00:00")[5]);
        Assert.Contains("2 of 7 shown", plain.Out);
    }

    [Theory]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "many")]
    [InlineData("--since", "yesterday")]
    public async Task A_bad_argument_of_audit_is_a_usage_error(string option, string value)
    {
        var run = await PayCtlRun.Of("127.0.0.1:1", "ops", "audit", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Error);
    }
}
