using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Cmd.Tests;

/// <summary>The <c>ops dlq</c> commands against canned answers of the dead-letter store: what they ask for or post
/// (with the token), the tables they print, and the documents <c>--json</c> passes through untouched.</summary>
public sealed class PayCtlOpsDlqSpec
{
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;
    private static readonly DateTimeOffset Seen = new(2026, 11, 29, 18, 5, 0, TimeSpan.Zero);
    private const string Host = "akka.tcp://payments@node-1:4053";
    private const string Token = "s3cret";
    private const string Id = "payments.requested-3-42";
    private static readonly string LongError = "amount: must be a decimal with at most two places, got '12.345' " + new string('x', 80);

    private static readonly string ListDocument = JsonSerializer.Serialize(new DeadLetterListResponse(Host, 7,
    [
        new DeadLetterSummary(Id, "schema_violation", LongError, "payments.requested/3/42", "acc-1", Seen, "new", 0, false),
        new DeadLetterSummary("payments.requested-0-7", "decision_failed", "timeout", "payments.requested/0/7", null, Seen.AddMinutes(-1), "replayed", 2, false),
    ]), Json.DeadLetterListResponse);

    private static readonly string ShowDocument = JsonSerializer.Serialize(new DeadLetterResponse(Host,
        new DeadLetterEntry(
            new StoredDeadLetter(Id, new RecordPosition("payments.dlq", 1, 9), "schema_violation", "amount: too many places",
                "payments.requested/3/42", "acc-1", [new RecordHeader("trace", "abc"u8.ToArray())], "{\"amount\":\"12.345\"}"u8.ToArray(),
                true, 4096, Seen),
            "replayed",
            [new ReplayAttempt(1, "job-1", Seen.AddMinutes(3), false, "schema_violation: amount: too many places"),
             new ReplayAttempt(2, "job-2", Seen.AddMinutes(9), true, null)],
            null),
        "{\"amount\":\"12.345\"}", [new HeaderPreview("trace", "abc"), new HeaderPreview("blob", "0x00ff")]), Json.DeadLetterResponse);

    private static readonly string StatsDocument = JsonSerializer.Serialize(new DeadLetterStatsResponse(Host, 12, 5, 3, 1,
    [
        new ReasonStats("schema_violation", 9, 4, Seen.AddHours(-1), Seen,
            [new ErrorExample("amount: too many places", 6, Id), new ErrorExample("currency: unknown", 3, "payments.requested-1-5")]),
        new ReasonStats("decision_failed", 3, 1, Seen.AddMinutes(-30), Seen.AddMinutes(-2), [new ErrorExample("timeout", 3, "payments.requested-0-7")]),
    ]), Json.DeadLetterStatsResponse);

    private static readonly string ReplaysDocument = JsonSerializer.Serialize(new ReplayJobsResponse(Host,
    [
        new ReplayJobView("job-2", 23, 10, 2.5, true, "token@127.0.0.1", Seen.AddMinutes(9), null),
        new ReplayJobView("job-1", 1, 1, 50, false, "token@127.0.0.1", Seen.AddMinutes(3), "done"),
    ]), Json.ReplayJobsResponse);

    private static readonly string[] ManyIds = [.. Enumerable.Range(0, 23).Select(n => $"payments.requested-0-{n}")];

    private static readonly string ReplayDocument = JsonSerializer.Serialize(new ReplayResponse(Host, "job-3", false, 50,
        [Id], [new RefusedReplay("payments.requested-0-7", "purged")]), Json.ReplayResponse);

    private static readonly string DryRunDocument = JsonSerializer.Serialize(new ReplayResponse(Host, null, true, 2.5, ManyIds, []),
        Json.ReplayResponse);

    private static readonly string PurgeDocument = JsonSerializer.Serialize(new PurgeResponse(Host,
        [Id], [new RefusedReplay("payments.requested-0-7", "already purged")]), Json.PurgeResponse);

    private static CannedEndpoint Endpoint(string? replay = null) => new(new Dictionary<string, string>
    {
        [ManagementPaths.OpsDlq] = ListDocument,
        ["/ops/dlq?reason=schema_violation&since=2026-11-29T18%3A00%3A00.0000000%2B02%3A00&key=acc-1&status=new&limit=2"] = ListDocument,
        [ManagementPaths.OpsDlqOf(Id)] = ShowDocument,
        [ManagementPaths.OpsDlqStats] = StatsDocument,
        [ManagementPaths.OpsDlqReplays] = ReplaysDocument,
        [ManagementPaths.OpsDlqReplay] = replay ?? ReplayDocument,
        [ManagementPaths.OpsDlqPurge] = PurgeDocument,
    });

    [Theory]
    [InlineData("list")]
    [InlineData("show")]
    [InlineData("stats")]
    [InlineData("replays")]
    [InlineData("replay")]
    [InlineData("purge")]
    public async Task Json_prints_the_document_of_the_endpoint_as_it_came(string command)
    {
        await using var endpoint = Endpoint();
        string[] rest = command switch { "show" or "replay" => [Id], "purge" => [Id, "--why", "test data"], _ => [] };
        var run = await PayCtlRun.Of([endpoint.Host, "ops", "dlq", command, .. rest, "--json", "--token", Token]);

        Assert.True(run.ExitCode == 0, run.Error);
        var expected = command switch
        {
            "list" => ListDocument, "show" => ShowDocument, "stats" => StatsDocument, "replays" => ReplaysDocument,
            "replay" => ReplayDocument, _ => PurgeDocument,
        };
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(run.Out)), run.Out);
    }

    [Fact]
    public async Task List_asks_with_its_filters_and_prints_one_row_per_dead_letter_with_the_error_cut_and_how_many_are_shown()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "dlq", "list", "--reason", "schema_violation",
            "--since", "2026-11-29T18:00:00+02:00", "--key", "acc-1", "--status=new", "--limit", "2");
        var plain = await PayCtlRun.Of(endpoint.Host, "ops", "dlq", "list");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(
            ["/ops/dlq?reason=schema_violation&since=2026-11-29T18%3A00%3A00.0000000%2B02%3A00&key=acc-1&status=new&limit=2", "/ops/dlq"],
            endpoint.Requests);
        Assert.Equal([Id, "schema_violation", "new", "0", "2026-11-29T18:05:00+00:00", "acc-1", LongError[..59] + "…"], Row(run.Out, Id));
        Assert.Equal(["payments.requested-0-7", "decision_failed", "replayed", "2", "2026-11-29T18:04:00+00:00", "-", "timeout"],
            Row(run.Out, "payments.requested-0-7"));
        Assert.Contains($"2 of 7 shown. Ops plane on {Host}", run.Out);
    }

    [Fact]
    public async Task Show_prints_every_field_the_headers_the_value_and_the_replay_attempts()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "dlq", "show", Id);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([ManagementPaths.OpsDlqOf(Id)], endpoint.Requests);
        Assert.Equal(["id", Id], Row(run.Out, "id"));
        Assert.Equal(["status", "replayed"], Row(run.Out, "status"));
        Assert.Equal(["reason", "schema_violation"], Row(run.Out, "reason"));
        Assert.Equal(["error", "amount: too many places"], Row(run.Out, "error"));
        Assert.Equal(["source", "payments.requested/3/42"], Row(run.Out, "source"));
        Assert.Equal(["key", "acc-1"], Row(run.Out, "key"));
        Assert.Equal(["first seen", "2026-11-29T18:05:00+00:00"], Row(run.Out, "first seen"));
        Assert.Equal(["dead letter at", "payments.dlq/1/9"], Row(run.Out, "dead letter at"));
        Assert.Equal(["value", "19 bytes kept of 4096 (truncated: the whole is at the source)"], Row(run.Out, "value"));
        Assert.Equal(["trace", "abc"], Row(run.Out, "trace"));
        Assert.Equal(["blob", "0x00ff"], Row(run.Out, "blob"));
        Assert.Contains("Value:\n{\"amount\":\"12.345\"}\n", run.Out);
        Assert.Equal(["1", "job-1", "2026-11-29T18:08:00+00:00", "no", "schema_violation: amount: too many places"], Row(run.Out, "1"));
        Assert.Equal(["2", "job-2", "2026-11-29T18:14:00+00:00", "yes", "-"], Row(run.Out, "2"));
    }

    [Fact]
    public async Task Stats_prints_the_totals_and_per_reason_the_counts_and_per_error_the_count_and_an_example()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "dlq", "stats");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Dead letters: 12 stored, 5 new; duplicates 3, unreadable 1", run.Out);
        var reasons = Rows(run.Out, "schema_violation");
        Assert.Equal(["schema_violation", "9", "4", "2026-11-29T17:05:00+00:00", "2026-11-29T18:05:00+00:00"], reasons[0]);
        Assert.Equal(["schema_violation", "amount: too many places", "6", Id], reasons[1]);
        Assert.Equal(["schema_violation", "currency: unknown", "3", "payments.requested-1-5"], reasons[2]);
        Assert.Equal(["decision_failed", "timeout", "3", "payments.requested-0-7"], Rows(run.Out, "decision_failed")[1]);
    }

    [Fact]
    public async Task Replays_prints_one_row_per_job_and_says_which_still_runs()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "dlq", "replays");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["job-2", "23", "10", "2.5", "yes", "token@127.0.0.1", "2026-11-29T18:14:00+00:00", "(running)"], Row(run.Out, "job-2"));
        Assert.Equal(["job-1", "1", "1", "50", "no", "token@127.0.0.1", "2026-11-29T18:08:00+00:00", "done"], Row(run.Out, "job-1"));
    }

    [Fact]
    public async Task Replay_of_an_id_posts_it_with_the_token_and_prints_the_job_the_eligible_and_the_refused()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "dlq", "replay", Id, "--token", Token);

        Assert.True(run.ExitCode == 0, run.Error);
        var post = Assert.Single(endpoint.Posts);
        Assert.Equal(ManagementPaths.OpsDlqReplay, post.Path);
        Assert.Equal($"Bearer {Token}", post.Authorization);
        AssertBody($$"""{"ids":["{{Id}}"],"reason":null,"since":null,"dryRun":false,"ratePerSecond":0,"correctedValue":null}""", post.Body);
        Assert.Contains($"Replay job-3: 1 eligible at 50/s\n{Id}\n", run.Out);
        Assert.Contains("Refused 1:", run.Out);
        Assert.Equal(["payments.requested-0-7", "purged"], Row(run.Out, "payments.requested-0-7"));
    }

    [Fact]
    public async Task A_dry_run_by_reason_and_since_with_a_rate_and_a_value_file_posts_the_bytes_and_shows_the_first_20_ids()
    {
        await using var endpoint = Endpoint(DryRunDocument);
        var file = Path.GetTempFileName();
        try
        {
            byte[] value = [.. "{\"amount\":\"12.34\"}"u8, 0xff];
            await File.WriteAllBytesAsync(file, value);
            var run = await PayCtlRun.Of(endpoint.Host, "ops", "dlq", "replay", "--reason", "schema_violation",
                "--since", "2026-11-29T18:00:00Z", "--dry-run", "--rate", "2.5", "--value-file", file, "--token", Token);

            Assert.True(run.ExitCode == 0, run.Error);
            var post = Assert.Single(endpoint.Posts);
            Assert.Equal($"Bearer {Token}", post.Authorization);
            AssertBody($$"""
                {"ids":null,"reason":"schema_violation","since":"2026-11-29T18:00:00+00:00","dryRun":true,"ratePerSecond":2.5,
                 "correctedValue":"{{Convert.ToBase64String(value)}}"}
                """, post.Body);
            Assert.Contains("Dry run: 23 eligible at 2.5/s\n", run.Out);
            Assert.Contains(string.Join(", ", ManyIds.Take(20)) + " and 3 more\n", run.Out);
            Assert.DoesNotContain("Refused", run.Out);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Purge_posts_the_ids_and_why_with_the_token_and_prints_the_purged_and_the_refused()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "ops", "dlq", "purge", Id, "payments.requested-0-7", "--why", "test data", "--token", Token);

        Assert.True(run.ExitCode == 0, run.Error);
        var post = Assert.Single(endpoint.Posts);
        Assert.Equal(ManagementPaths.OpsDlqPurge, post.Path);
        Assert.Equal($"Bearer {Token}", post.Authorization);
        AssertBody($$"""{"ids":["{{Id}}","payments.requested-0-7"],"reason":null,"since":null,"why":"test data"}""", post.Body);
        Assert.Contains($"Purged 1: {Id}\n", run.Out);
        Assert.Equal(["payments.requested-0-7", "already purged"], Row(run.Out, "payments.requested-0-7"));
    }

    /// <summary>The body as JSON, literal rather than serialized from a contract record: the source-generated fast path
    /// writes a null <c>byte[]</c> as <c>""</c>, which would hide what payctl sends.</summary>
    private static void AssertBody(string expected, string body) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(body)), $"{expected}\n{body}");

    /// <summary>The cells of the one table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] Row(string output, string first) => Assert.Single(Rows(output, first));

    /// <summary>The cells of every table row whose first cell is <paramref name="first"/>, in order.</summary>
    private static List<string[]> Rows(string output, string first) =>
        [.. output.Split('\n').Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length > 0 && cells[0] == first)];
}
