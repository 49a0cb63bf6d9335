using System.Diagnostics;
using Akka.Payments.Management;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Kafka;
using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Control;
using Akka.Payments.Shared.Trust;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Akka.Payments.Node.Demo;

/// <summary>
/// <c>Cluster.Node demo</c>: a node and a load in one process. Produces the workload at the set rate, waits until
/// every record is accounted for (an outcome on payments.processed or a dead letter on payments.dlq) with a progress
/// bar, prints a summary, and exits 0 only if nothing is missing.
/// </summary>
public static class DemoCommand
{
    /// <summary>How long the demo waits without any new outcome before it gives up.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        DemoOptions options;
        string[] nodeArgs;
        try
        {
            (options, nodeArgs) = DemoOptions.Parse(args);
        }
        catch (DemoUsageException e)
        {
            var help = e.Message == "help";
            if (!help) await Console.Error.WriteLineAsync($"demo: {e.Message}");
            await (help ? Console.Out : Console.Error).WriteLineAsync(DemoOptions.Usage);
            return help ? 0 : 2;
        }

        IHost host;
        try
        {
            var builder = NodeHost.CreateBuilder(nodeArgs);
            // The progress bar owns the terminal: only warnings, and where Kafka is, reach the log.
            // (These rules come after appsettings.json's, so they win over its Information defaults.)
            foreach (var category in new[] { "", "Microsoft", "Microsoft.Hosting.Lifetime" })
                builder.Logging.AddFilter(category, LogLevel.Warning);
            builder.Logging.AddFilter(typeof(KafkaEndpoint).FullName, LogLevel.Information);
            builder.Logging.AddFilter(typeof(ManagementServer).FullName, LogLevel.Information);
            // The demo must not collide with a node already serving 127.0.0.1:9110: a free port unless one is set.
            if (Environment.GetEnvironmentVariable("Management__Url") is null && !nodeArgs.Any(a => a.Contains("Management:Url", StringComparison.Ordinal)))
                builder.Configuration.AddInMemoryCollection([new("Management:Url", "http://127.0.0.1:0")]);
            if (options.Autoscale)
            {
                builder.Configuration.AddInMemoryCollection(AutoscaleSettings);
                builder.Services.AddSingleton(new NodeLaunchArguments(nodeArgs)); // its nodes start as nodes, not as demos
                builder.Logging.AddFilter(typeof(ProcessActuator).FullName, LogLevel.Information);
            }
            host = NodeHost.Build(builder);
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        await host.StartAsync();
        try
        {
            var kafka = host.Services.GetRequiredService<KafkaEndpoint>();
            var trust = await host.Services.GetRequiredService<IRequiredActor<TrustPlane>>().GetAsync();
            using var watching = new CancellationTokenSource();
            var timeline = new AutoscaleTimeline();
            var watch = options.Autoscale
                ? Watch(await host.Services.GetRequiredService<IRequiredActor<ScalerPlane>>().GetAsync(), timeline, watching.Token)
                : Task.CompletedTask;
            var report = await RunLoad(options, kafka.BootstrapServers, trust);
            report.Print(AnsiConsole.Console);
            if (!options.Autoscale) return report.AllAccountedFor && report.TrustAgrees ? 0 : 1;

            await WaitForScaleIn(timeline);
            await watching.CancelAsync();
            await watch;
            PrintTimeline(timeline);
            return report.AllAccountedFor && report.TrustAgrees && timeline.Complete ? 0 : 1;
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    /// <summary>What <c>--autoscale</c> sets: one node at the start, the <c>process</c> actuator, at most 2 nodes, and a
    /// policy quick enough for a demo (samples every second, out after 2 samples over 2 s of lag, in after 3 idle
    /// samples, 20 s of cooldown), as in the autoscale process spec.</summary>
    private static readonly KeyValuePair<string, string?>[] AutoscaleSettings =
    [
        new("Payments:Control:Actuator", "process"),
        new("Payments:Control:Autoscale", "true"),
        new("Payments:Control:MinNodes", "1"),
        new("Payments:Control:MaxNodes", "2"),
        new("Payments:Control:ReportEvery", "00:00:01"),
        new("Payments:Control:SampleEvery", "00:00:01"),
        new("Payments:Control:SignalsMaxAge", "00:00:05"),
        new("Payments:Control:ScaleOutLagSeconds", "2"),
        new("Payments:Control:ScaleOutSamples", "2"),
        new("Payments:Control:ScaleInLagSeconds", "1"),
        new("Payments:Control:ScaleInSamples", "3"),
        new("Payments:Control:ScaleInUtilisation", "1"),
        new("Payments:Control:Cooldown", "00:00:20"),
    ];

    /// <summary>How long the demo waits for the scale-in once every record is accounted for.</summary>
    private static readonly TimeSpan ScaleInPatience = TimeSpan.FromSeconds(150);

    private static readonly Stopwatch SinceStart = Stopwatch.StartNew();

    /// <summary>Reads the scaler's status every half second into <paramref name="timeline"/> until cancelled.</summary>
    private static async Task Watch(IActorRef scaler, AutoscaleTimeline timeline, CancellationToken stop)
    {
        SinceStart.Restart();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var status = await scaler.Ask<ScalerStatusResponse>(new GetScalerStatus(), TimeSpan.FromSeconds(5), stop);
                lock (timeline) timeline.Observe(status, SinceStart.Elapsed);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or OperationCanceledException) { /* moving or stopping */ }
            try { await Task.Delay(500, stop); }
            catch (OperationCanceledException) { break; }
        }
    }

    private static async Task WaitForScaleIn(AutoscaleTimeline timeline)
    {
        var waited = Stopwatch.StartNew();
        AnsiConsole.MarkupLine("[grey]Every record is in; waiting for the scaler to see the cluster idle and stop the second node…[/]");
        while (waited.Elapsed < ScaleInPatience)
        {
            lock (timeline)
                if (timeline.Complete || timeline.ScaleOut is null && waited.Elapsed > TimeSpan.FromSeconds(10)) return;
            await Task.Delay(500);
        }
    }

    private static void PrintTimeline(AutoscaleTimeline timeline)
    {
        var table = new Table().Border(TableBorder.Square).Title("autoscale (process actuator)");
        table.AddColumn(new TableColumn("at").RightAligned());
        table.AddColumn("what the scaler did");
        lock (timeline)
        {
            foreach (var (at, what) in timeline.Events) table.AddRow($"{at.TotalSeconds:F1} s", Markup.Escape(what));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine(timeline.Complete
                ? "The cluster scaled out for the spike, drained it, and scaled back in."
                : timeline.ScaleOut is null
                    ? "The scaler did not scale out: the spike did not build enough lag on this machine (try a higher --rate)."
                    : $"The scale-in was not seen within {ScaleInPatience.TotalSeconds:0} s of the end of the load.");
        }
    }

    private static async Task<DemoReport> RunLoad(DemoOptions options, string bootstrapServers, IActorRef trust)
    {
        var runId = $"demo{DateTimeOffset.UtcNow:HHmmss}{Random.Shared.Next(1000):000}";
        using var tally = new OutcomeTally(bootstrapServers, runId);
        tally.Start();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            LingerMs = 2,
        }).Build();

        var expectedOutcomes = options.Accounts + options.Payments;
        var expectedTotal = expectedOutcomes + options.Bad;
        var produceErrors = 0;
        var producedCount = 0;
        void Send(WorkItem item)
        {
            if (item.Input is { } input) tally.Sent(input.RequestId);
            Interlocked.Increment(ref producedCount);
            producer.Produce(Topics.Requested, item.Message, report =>
            {
                if (report.Error.IsError) Interlocked.Increment(ref produceErrors);
            });
        }

        var paymentsStartedAt = Stopwatch.GetTimestamp();
        var loadDone = false;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var lastProgress = Stopwatch.StartNew();
                var produced = ctx.AddTask("produced", maxValue: expectedTotal);
                var accounted = ctx.AddTask("accounted for", maxValue: expectedTotal);
                var load = Task.Run(async () =>
                {
                    foreach (var credit in Workload.Credits(runId, options.Accounts, options.Seed, DateTimeOffset.UtcNow))
                        Send(credit);
                    producer.Flush();
                    // Payments start once every account is credited (and the stream is surely running), so that
                    // latency and throughput describe the steady state, not the node's start.
                    while (tally.DistinctOutcomes < options.Accounts && lastProgress.Elapsed < StallTimeout) await Task.Delay(20);
                    tally.ResetLatency();
                    Interlocked.Exchange(ref paymentsStartedAt, Stopwatch.GetTimestamp());
                    var paced = Stopwatch.StartNew();
                    var n = 0L;
                    foreach (var make in Workload.Payments(runId, options.Accounts, options.Payments, options.Bad, options.Seed))
                    {
                        var due = TimeSpan.FromSeconds(n++ / options.Rate);
                        if (due - paced.Elapsed is { TotalMilliseconds: > 1 } wait) await Task.Delay(wait);
                        Send(make(DateTimeOffset.UtcNow));
                    }
                    producer.Flush();
                    loadDone = true;
                });

                long lastCount = -1;
                while (true)
                {
                    var count = tally.DistinctOutcomes + tally.DeadLetterCount;
                    produced.Value = Volatile.Read(ref producedCount);
                    accounted.Value = count;
                    if (count != lastCount) { lastCount = count; lastProgress.Restart(); }
                    if (loadDone && count >= expectedTotal) break;
                    if (load.IsFaulted || lastProgress.Elapsed > StallTimeout) break;
                    await Task.Delay(100);
                }
                await load.ContinueWith(_ => { });
            });
        var elapsed = Stopwatch.GetElapsedTime(paymentsStartedAt, Math.Max(tally.LastReadTimestamp, paymentsStartedAt));
        var totals = await TrustTotals(trust, tally.DistinctOutcomes + tally.DeadLetterCount);
        return DemoReport.From(options, tally, expectedOutcomes, elapsed, produceErrors, totals);
    }

    /// <summary>The trust plane's totals once it has counted as many records as the demo saw (it reads the same
    /// topics on its own, a batch per second at most), or what it has after 30 s.</summary>
    private static async Task<MetricsWindow?> TrustTotals(IActorRef trust, long seen)
    {
        var deadline = Stopwatch.StartNew();
        MetricsWindow? totals = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                var reply = await trust.Ask<TrustTotalsResponse>(new GetTrustTotals(null), TimeSpan.FromSeconds(5));
                totals = reply.Figures;
                if (totals is not null && totals.Outcomes + totals.DeadLetterCount >= seen) break;
            }
            catch (AskTimeoutException) { /* still starting */ }
            await Task.Delay(200);
        }
        return totals;
    }
}
