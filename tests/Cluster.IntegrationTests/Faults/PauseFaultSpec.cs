using System.Diagnostics;
using Akka.Payments.IntegrationTests.Processes;
using Akka.Payments.Node.Hosting;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// A node frozen with SIGSTOP under load, for longer than the failure detector and the Split Brain Resolver take to
/// down it, then thawed with SIGCONT: a long GC pause or a stalled VM. Meanwhile the other node takes over its shards
/// and Kafka partitions. Once thawed, the frozen node must decide nothing more (the cluster downed it, and an entity
/// it still holds cannot write a sequence number the new owner wrote): nothing is lost, applied twice or wrong, and
/// the thawed node leaves by itself.
/// </summary>
/// <remarks>
/// Outcomes cannot be attributed to the node that produced them: every outcome's CloudEvents <c>source</c> is the
/// same (<c>/akka-payments/node</c>) and its id is deterministic, so the verdict judges them. What the frozen node did
/// after SIGCONT is read from its own counters instead (its last progress line against <c>/metrics</c> before SIGSTOP).
/// </remarks>
[Collection(NodeFaultCollection.Name)]
public sealed class PauseFaultSpec(FaultCluster fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_node_frozen_past_its_downing_is_replaced_and_once_thawed_decides_nothing_more_and_exits()
    {
        var cluster = await fixture.Begin(output);
        var clock = Stopwatch.StartNew();
        using var run = new FaultRun(cluster, "node-paused", output, accounts: 100, payments: 9_000);
        run.StartLoad(300);
        Assert.True(run.AwaitProgress(1_000, TimeSpan.FromSeconds(60)), "no progress before the fault");

        var victim = cluster.Nodes["node-2"];
        var address = await ProcessCluster.AddressOf(victim);
        var before = await NodeProbe.Metric(victim, "payments_outcomes_total") + await NodeProbe.Metric(victim, "payments_dead_lettered_total");
        run.FaultBegins($"SIGSTOP node-2 (pid {victim.Id}, {address}) after it produced {before:N0} outcomes and dead letters");
        victim.Pause();
        var sentAtPause = run.Sent;
        var linesAtResume = 0;
        try
        {
            await cluster.AwaitRemoved(address, TimeSpan.FromSeconds(60));
            run.Mark("the Lighthouse removed node-2: unreachable, downed by SBR on the majority side");
            // Half of these records are on node-2's partitions, for accounts on its shards: while it is frozen, only a
            // takeover by node-1 can answer them.
            Assert.True(run.AwaitAnsweredAllOf(sentAtPause, TimeSpan.FromSeconds(60)),
                "node-1 did not take over node-2's partitions and accounts while node-2 was frozen");
            run.Mark($"node-2 still frozen: node-1 answered every request sent before SIGSTOP ({sentAtPause:N0} records)");
        }
        finally
        {
            linesAtResume = victim.Lines.Count();
            victim.Resume();
        }
        run.FaultHeals("SIGCONT node-2");

        // Downed, it runs its coordinated shutdown and ends by itself (WaitForExit fails the spec otherwise).
        var exitCode = await victim.WaitForExit(TimeSpan.FromSeconds(60));
        var after = victim.Lines.Skip(linesAtResume).ToList();
        run.Mark($"node-2 exited by itself with {exitCode}");
        var lastProgress = victim.Lines.LastOrDefault(l => l.Contains("Payment stream: confirmed=", StringComparison.Ordinal));
        var atExit = lastProgress is null ? (double?)null : ProgressTotal(lastProgress);
        output.WriteLine($"node-2 after SIGCONT: {after.Count} lines; " +
                         $"{after.Count(l => l.Contains("could not persist", StringComparison.Ordinal))} writes fenced by the journal; " +
                         $"outcomes and dead letters {before:N0} before SIGSTOP, {atExit?.ToString("N0") ?? "?"} at exit; " +
                         $"downing seen: {after.Any(l => l.Contains("Down", StringComparison.Ordinal) || l.Contains("quarantin", StringComparison.OrdinalIgnoreCase))}");

        var verdict = await run.Judge(TimeSpan.FromMinutes(3));
        output.WriteLine($"WALL node-paused: {clock.Elapsed.TotalSeconds:0.0} s");
        verdict.AssertHolds();
        Assert.True(exitCode == NodeExit.Downed, $"node-2, downed, exited with {exitCode} instead of {NodeExit.Downed}");
    }

    /// <summary>confirmed + declined + credits + dead-lettered of a "Payment stream: confirmed=1 declined=2 credits=3 dead-lettered=4 (...)" line.</summary>
    private static double ProgressTotal(string line) =>
        new[] { "confirmed=", "declined=", "credits=", "dead-lettered=" }.Sum(key =>
        {
            var at = line.IndexOf(key, StringComparison.Ordinal) + key.Length;
            var end = at;
            while (end < line.Length && char.IsDigit(line[end])) end++;
            return double.Parse(line[at..end], System.Globalization.CultureInfo.InvariantCulture);
        });
}
