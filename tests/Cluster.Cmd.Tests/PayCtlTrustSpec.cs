using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Cmd.Tests;

/// <summary>The <c>trust</c> palette against canned answers of the trust endpoints: what it asks for, the tables it
/// prints, and the documents <c>--json</c> passes through untouched.</summary>
public sealed class PayCtlTrustSpec
{
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;
    private static readonly DateTimeOffset Minute = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);
    private const string Host = "akka.tcp://payments@node-1:4053";

    private static MetricsWindow Window(DateTimeOffset start, int revision, long confirmedEur, decimal eurAmount) => MetricsWindow.Of(
        start, start.AddMinutes(1), revision,
        new Dictionary<string, CurrencyTotal> { ["CHF"] = new(1, 5.00m), ["EUR"] = new(confirmedEur, eurAmount) },
        new Dictionary<string, long> { [DeclineReasons.AmountOverLimit] = 1, [DeclineReasons.InsufficientFunds] = 2 },
        new Dictionary<string, CurrencyTotal> { ["EUR"] = new(1, 250.75m) },
        new Dictionary<string, long> { [DeadLetterReasons.SchemaViolation] = 1 },
        new LatencyFigures(5, 1500, 12007, 60031, 60000, 2),
        new DataQuality(0.125, 1, 1, revision > 1 ? 1 : 0, 1, 0));

    private static readonly string WindowsDocument = JsonSerializer.Serialize(new TrustWindowsResponse(Host,
        [Window(Minute.AddMinutes(1), 1, 2, 39.80m), Window(Minute, 2, 3, 59.70m)]), Json.TrustWindowsResponse);

    private static readonly string CurrentDocument = JsonSerializer.Serialize(new TrustCurrentResponse(Host,
        Minute.AddMinutes(2).AddSeconds(30), [Window(Minute.AddMinutes(2), 0, 1, 19.90m)], 1), Json.TrustCurrentResponse);

    private static readonly DateTimeOffset Since = new(2026, 11, 26, 15, 0, 0, TimeSpan.FromHours(2));

    private static readonly string TotalsDocument = JsonSerializer.Serialize(new TrustTotalsResponse(Host, Since,
        Window(Minute.AddMinutes(-5), 0, 7, 139.30m) with { End = Minute.AddMinutes(3) }, false, 4, 2, 1,
        [new PartitionOffset(Topics.DeadLetters, 0, 11), new PartitionOffset(Topics.Processed, 1, 19)]), Json.TrustTotalsResponse);

    private static readonly string EmptyTotalsDocument = JsonSerializer.Serialize(
        new TrustTotalsResponse(Host, null, null, true, 0, 0, 0, []), Json.TrustTotalsResponse);

    private static CannedEndpoint Endpoint() => new(new Dictionary<string, string>
    {
        [ManagementPaths.TrustWindowsOf(10)] = WindowsDocument,
        [ManagementPaths.TrustWindowsOf(2)] = WindowsDocument,
        [ManagementPaths.TrustCurrent] = CurrentDocument,
        [ManagementPaths.TrustTotalsSince(Since)] = TotalsDocument,
        [ManagementPaths.TrustTotals] = EmptyTotalsDocument,
    });

    [Theory]
    [InlineData("windows")]
    [InlineData("current")]
    [InlineData("totals")]
    public async Task Json_prints_the_document_of_the_endpoint_as_it_came(string command)
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "trust", command, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var expected = command switch { "windows" => WindowsDocument, "current" => CurrentDocument, _ => EmptyTotalsDocument };
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(run.Out)), run.Out);
    }

    [Fact]
    public async Task Windows_asks_for_the_last_ten_unless_told_and_keeps_the_restated_discriminator_in_json()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "trust", "windows", "--json");
        var two = await PayCtlRun.Of(endpoint.Host, "trust", "windows", "--last", "2");

        Assert.Equal((0, 0), (run.ExitCode, two.ExitCode));
        Assert.Equal(["/trust/windows?last=10", "/trust/windows?last=2"], endpoint.Requests);
        var types = JsonNode.Parse(run.Out)!["windows"]!.AsArray().Select(w => w!["$type"]!.GetValue<string>());
        Assert.Equal([EventTypes.MetricsWindowClosed, EventTypes.MetricsWindowRestated], types);
    }

    [Fact]
    public async Task Windows_prints_one_row_per_window_with_money_per_currency_and_latencies_in_milliseconds()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "trust", "windows");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            ["2026-11-26 14:00:00", "2", "CHF 1/5.00, EUR 3/59.70", "3", "EUR 1/250.75", "1", "1.5/12/60/60", "2", "2", "1"],
            Row(run.Out, "2026-11-26 14:00:00"));
        Assert.Equal("1", Row(run.Out, "2026-11-26 14:01:00")[1]);
        Assert.Contains($"Trust plane on {Host}", run.Out);
    }

    [Fact]
    public async Task Current_prints_the_watermark_the_open_windows_and_the_pending_count()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "trust", "current");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Watermark: 2026-11-26T14:02:30+00:00", run.Out);
        Assert.Equal("0", Row(run.Out, "2026-11-26 14:02:00")[1]);
        Assert.Contains("Pending (closed, not yet acknowledged by Kafka): 1", run.Out);
    }

    [Fact]
    public async Task Totals_since_a_time_prints_the_sums_by_currency_and_reason_and_says_when_they_are_incomplete()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "trust", "totals", "--since", "2026-11-26T15:00:00+02:00");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([ManagementPaths.TrustTotalsSince(Since)], endpoint.Requests);
        Assert.Contains("Figures from 2026-11-26T13:55:00+00:00 to 2026-11-26T14:03:00+00:00 (incomplete: 2026-11-26T15:00:00+02:00 is older than the kept history)", run.Out);
        Assert.Equal(["EUR", "7", "139.30", "1", "250.75"], Row(run.Out, "EUR"));
        Assert.Equal(["CHF", "1", "5.00", "0", "0"], Row(run.Out, "CHF"));
        Assert.Equal(["insufficient_funds", "2"], Row(run.Out, "insufficient_funds"));
        Assert.Equal(["schema_violation", "1"], Row(run.Out, "schema_violation"));
        Assert.Contains("p50 1.5 ms, p95 12.007 ms, p99 60.031 ms, max 60 ms, SLA misses 2", run.Out);
        Assert.Contains("dead-letter share 12.5%, duplicate outcomes 1, duplicate dead letters 1, late 0, without input time 1, negative latencies 0", run.Out);
        Assert.Contains("Not counted: expired 4, already covered 2, unreadable 1", run.Out);
        Assert.Equal(["payments.processed", "1", "19"], Row(run.Out, "payments.processed"));
    }

    [Fact]
    public async Task Totals_of_a_trust_plane_that_counted_nothing_say_so()
    {
        await using var endpoint = Endpoint();
        var run = await PayCtlRun.Of(endpoint.Host, "trust", "totals");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Nothing counted yet.", run.Out);
        Assert.Contains("Not counted: expired 0, already covered 0, unreadable 0", run.Out);
        Assert.Contains("No offsets counted yet.", run.Out);
    }

    /// <summary>The cells of the one table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] Row(string output, string first) =>
        Assert.Single(output.Split('\n').Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            cells => cells.Length > 0 && cells[0] == first);
}
