using System.Diagnostics;
using System.Net;
using Akka.Payments.Testing;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL, the journal of every account, stops for 30 s under a steady load and starts again on the same data.
/// While it is down no decision can be made durable: the nodes must say so (<c>/ready</c> 503, naming the journal),
/// hold the records instead of crash-looping (same processes, the payment stream restarted a bounded number of times,
/// the accounts' retries paced by the ask timeout), and once it is back decide everything with nothing lost, applied
/// twice or wrong, without being restarted.
/// </summary>
[Collection(InfrastructureFaultCollection.Name)]
public sealed class DatabaseFaultSpec(FaultCluster fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The stream's back-off doubles from 1 s up to 30 s while a run commits nothing (PaymentStreamService), so 30 s
    /// of outage allow at most 1+2+4+8+16 s: five restarts. More would be a restart loop.
    /// </summary>
    private const int MaxRestartsDuringOutage = 5;

    [SkippableFact]
    public async Task The_nodes_hold_their_records_and_report_the_journal_unready_while_PostgreSQL_is_down_and_decide_them_all_once_it_is_back()
    {
        var cluster = await fixture.Begin(output);
        var clock = Stopwatch.StartNew();
        var nodes = cluster.Nodes.OrderBy(n => n.Key).ToList();
        var pids = nodes.ToDictionary(n => n.Key, n => n.Value.Id);
        using var run = new FaultRun(cluster, "db-down", output, accounts: 100, payments: 12_000);
        run.StartLoad(300);
        Assert.True(run.AwaitProgress(1_000, TimeSpan.FromSeconds(60)), "no progress before the fault");

        var restartsBefore = new Dictionary<string, double>();
        var linesBefore = new Dictionary<string, (int Failed, int AskedAgain, int RecoveryTimedOut)>();
        foreach (var (name, node) in nodes)
        {
            restartsBefore[name] = await NodeProbe.Metric(node, "payments_stream_restarts_total");
            linesBefore[name] = (NodeProbe.CountLines(node, StreamFailedLine), NodeProbe.CountLines(node, AskedAgainLine),
                NodeProbe.CountLines(node, RecoveryTimedOutLine));
        }

        run.FaultBegins($"pg_ctl stop -m fast (PostgreSQL on port {fixture.Postgres.Port}) for {Outage.TotalSeconds:0} s");
        var stoppedAt = clock.Elapsed;
        fixture.Postgres.Stop();
        try
        {
            // While it is down every node says it is not ready, and why: the journal.
            foreach (var (name, node) in nodes)
            {
                var unready = await Eventually.Until(() => NodeProbe.Ready(node),
                    r => r.Status == HttpStatusCode.ServiceUnavailable && r.Body?.Checks.Any(c => c is { Name: "journal", Ok: false }) == true,
                    TimeSpan.FromSeconds(20), $"{name}'s /ready to answer 503 for the journal");
                var journal = unready.Body!.Checks.Single(c => c.Name == "journal");
                Assert.Contains("journal", journal.Problem, StringComparison.Ordinal);
                run.Mark($"{name} /ready {NodeProbe.Describe(unready)}");
            }
            var answeredAtStop = run.Answered;
            var rest = Outage - (clock.Elapsed - stoppedAt);
            if (rest > TimeSpan.Zero) run.Read(() => false, rest); // holding the fault for its stated duration, reading what comes
            run.Mark($"{run.Answered - answeredAtStop:N0} outcomes were read while PostgreSQL was down (decided before it stopped, or already durable)");
        }
        finally
        {
            fixture.Postgres.Start();
        }
        run.FaultHeals("pg_ctl start: PostgreSQL is back on the same data and port");

        // Back without a restart: the same processes become ready again and decide again.
        foreach (var (name, node) in nodes)
        {
            var ready = await Eventually.Until(() => NodeProbe.Ready(node), r => r.Status == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60), $"{name}'s /ready to answer 200 once PostgreSQL is back");
            run.Mark($"{name} /ready {NodeProbe.Describe(ready)}");
        }
        // Within seconds, not after the journal's circuit breaker sat out Akka's 30 s reset timeout (JournalWiring).
        Assert.True(run.AwaitProgress(1_000, TimeSpan.FromSeconds(30)), "1,000 more outcomes did not come within 30 s of PostgreSQL's return");
        run.Mark("outcomes resumed");

        var verdict = await run.Judge(TimeSpan.FromMinutes(3));
        foreach (var (name, node) in nodes)
        {
            Assert.False(node.HasExited, $"{name} exited during the outage ({node.Lines.LastOrDefault()})");
            Assert.Equal(pids[name], node.Id);
            var restarts = await NodeProbe.Metric(node, "payments_stream_restarts_total") - restartsBefore[name];
            var failed = NodeProbe.CountLines(node, StreamFailedLine) - linesBefore[name].Failed;
            var askedAgain = NodeProbe.CountLines(node, AskedAgainLine) - linesBefore[name].AskedAgain;
            var recoveriesTimedOut = NodeProbe.CountLines(node, RecoveryTimedOutLine) - linesBefore[name].RecoveryTimedOut;
            output.WriteLine($"{name} (pid {node.Id}, not restarted): {restarts} stream restarts, {failed} 'stream failed' lines, " +
                             $"{askedAgain:N0} asks repeated after the ask timeout during and after the outage");
            Assert.InRange(restarts, 0, MaxRestartsDuringOutage);
            Assert.InRange(failed, 0, MaxRestartsDuringOutage);
            // Every request to the stores was answered, if only with a failure: no account sat out its recovery timeout
            // (30 s) waiting for an answer that never came (AnsweringSnapshotStore).
            Assert.True(recoveriesTimedOut == 0, $"{name}: {recoveriesTimedOut} recoveries timed out waiting for the journal or snapshot store");
        }
        output.WriteLine($"WALL db-down: {clock.Elapsed.TotalSeconds:0.0} s");
        verdict.AssertHolds();
    }

    private const string StreamFailedLine = "Payment stream failed; restarting";
    private const string AskedAgainLine = "asking again";
    private const string RecoveryTimedOutLine = "Recovery timed out";
}
