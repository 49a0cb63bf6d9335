using System.Net.Http.Json;
using Akka.Actor;
using Akka.Payments.Management;
using Akka.Payments.Node.Management;
using Akka.Payments.Node.Ops;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Payments.Node.Tests.Management;

/// <summary><c>/ops/deadletters</c> and the dead-letter metrics on the real management server, with only the health
/// and ops palettes mapped over a plain ActorSystem: no cluster, Kafka or journal to start.</summary>
public sealed class OpsRoutesSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly DateTimeOffset _start = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("payments-ops-routes-").FullName;

    public OpsRoutesSpec() : base("akka.loglevel = WARNING", "ops-routes-spec")
    {
    }

    private async Task<(ManagementServer Server, HttpClient Http)> Serve(AkkaDeadLetters counts)
    {
        var host = new ServiceCollection()
            .AddSingleton(counts)
            .AddSingleton(Sys)
            .AddSingleton<IMetricsSource, AkkaDeadLetterMetrics>()
            .BuildServiceProvider();
        var server = new ManagementServer(new ManagementOptions(new Uri("http://127.0.0.1:0"), "token", _dataDir), host,
            [new HealthRoutes(), new OpsRoutes()], NullLogger<ManagementServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        return (server, new HttpClient { BaseAddress = server.BoundUrl });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Directory.Delete(_dataDir, recursive: true);
        base.Dispose(disposing);
    }

    private AkkaDeadLetters Counts(int alertPerMinute)
    {
        var counts = new AkkaDeadLetters(alertPerMinute, () => _start.AddSeconds(30));
        for (var i = 0; i < 3; i++) counts.Count(AkkaDeadLetterKind.DeadLetter, "Some.Reply", $"/system/sharding/account/{i}/acct-{i}");
        counts.Count(AkkaDeadLetterKind.Unhandled, "Some.Command", "/user/worker");
        return counts;
    }

    [Fact]
    public async Task Deadletters_answers_this_nodes_report_as_the_contract_reads_it()
    {
        var (server, http) = await Serve(Counts(alertPerMinute: 60));
        await using (server)
        using (http)
        {
            var report = await http.GetFromJsonAsync(ManagementPaths.OpsDeadLettersNode, ManagementJsonContext.Default.AkkaDeadLetterReport);

            Assert.NotNull(report);
            Assert.Equal("akka://ops-routes-spec", report.Node);
            Assert.Equal(_start.AddSeconds(30), report.Since);
            Assert.Equal([("dead_letter", 3L), ("unhandled", 1L), ("dropped", 0L)], report.Kinds.Select(k => (k.Kind, k.Total)));
            Assert.Equal(4, report.LastMinute);
            Assert.False(report.Alert);
            Assert.Equal(new DeadLetterCount("Some.Reply", 3), report.TopMessageTypes[0]);
            Assert.Equal(new DeadLetterCount("/system/sharding/account/*/*", 3), report.TopRecipients[0]);
        }
    }

    [Fact]
    public async Task Metrics_count_each_kind_the_last_minute_and_the_alert_in_prometheus_text()
    {
        var counts = Counts(alertPerMinute: 4);
        Assert.True(counts.UpdateAlert()?.On);
        var (server, http) = await Serve(counts);
        await using (server)
        using (http)
        {
            var lines = (await http.GetStringAsync(ManagementPaths.Metrics)).Split('\n');

            Assert.Contains("# TYPE payments_akka_dead_letters_total counter", lines);
            Assert.Contains("payments_akka_dead_letters_total{kind=\"dead_letter\"} 3", lines);
            Assert.Contains("payments_akka_dead_letters_total{kind=\"unhandled\"} 1", lines);
            Assert.Contains("payments_akka_dead_letters_total{kind=\"dropped\"} 0", lines);
            Assert.Contains("# TYPE payments_akka_dead_letters_per_minute gauge", lines);
            Assert.Contains("payments_akka_dead_letters_per_minute 4", lines);
            Assert.Contains("payments_akka_dead_letters_alert 1", lines);
        }
    }
}
