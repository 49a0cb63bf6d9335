using System.Diagnostics;
using Akka.Payments.IntegrationTests.Processes;
using Akka.Payments.Node.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// Members lost on purpose (a rolling restart) and by accident (kill -9) in the middle of 20,000 payments on the
/// fault cluster (two nodes, PostgreSQL): afterwards the invariant checker finds every payment answered once, as the
/// reference model decides, in order per account, with balances and lag as they should be.
/// </summary>
[Collection(NodeFaultCollection.Name)]
public sealed class NodeLossFaultSpec(FaultCluster fixture, ITestOutputHelper output)
{
    private const int Accounts = 200;
    private const int Payments = 20_000;
    private const int Malformed = 24;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [SkippableFact]
    public async Task A_node_killed_mid_load_is_downed_and_its_partitions_and_shards_move_without_losing_or_repeating_a_payment()
    {
        var cluster = await fixture.Begin(output);
        using var run = new FaultRun(cluster, "kill", output, Accounts, Payments, Malformed);
        run.StartLoad(perSecond: 1_000);

        Assert.True(run.AwaitAnswered(run.Requests / 3, Patience), "no progress before the crash");
        var victim = cluster.Nodes["node-2"];
        var victimAddress = await ProcessCluster.AddressOf(victim);
        var clock = Stopwatch.StartNew();
        run.FaultBegins($"kill -9 node-2 ({victimAddress})");
        await victim.Kill();

        await cluster.AwaitRemoved(victimAddress, Patience);
        var downed = clock.Elapsed;
        run.FaultHeals("node-2 downed by SBR and removed");
        Assert.True(run.AwaitProgress(1_000, Patience), "no progress after the crash");
        run.Mark($"1,000 more outcomes {clock.Elapsed.TotalSeconds:F1} s after the kill (removed after {downed.TotalSeconds:F1} s)");

        var verdict = await run.Judge(Patience);
        verdict.AssertHolds();
    }

    [SkippableFact]
    public async Task A_rolling_restart_of_every_node_mid_load_loses_and_repeats_no_payment()
    {
        var cluster = await fixture.Begin(output);
        using var run = new FaultRun(cluster, "rolling", output, Accounts, Payments, Malformed);
        run.StartLoad(perSecond: 600);

        Assert.True(run.AwaitAnswered(run.Requests / 5, Patience), "no progress before the restart");
        foreach (var name in cluster.Nodes.Keys.Order().ToList())
        {
            var before = run.Answered;
            var stopping = cluster.Nodes[name];
            run.FaultBegins($"SIGTERM {name}");
            Assert.Equal(0, await stopping.Terminate(TimeSpan.FromSeconds(90)));
            AssertGracefulOrder(stopping);
            await cluster.StartNode(name); // returns once it is ready again: Up, journal answering, stream running
            run.FaultHeals($"{name} restarted and ready");
            // The cluster goes on deciding across the restart (unless the whole scenario was already decided).
            Assert.True(run.Read(() => run.Answered > before || run.Answered >= run.Requests, Patience),
                $"no outcome after {name} restarted: still {run.Answered} decided");
        }

        var verdict = await run.Judge(Patience);
        verdict.AssertHolds();
    }

    /// <summary>
    /// A node that is stopped drains and commits its stream, and only then leaves the cluster, all the way: its output
    /// (read to the end once it exited) says both, in that order. Akka logs the member "as [Leaving]", then
    /// "Exiting completed".
    /// </summary>
    private static void AssertGracefulOrder(NodeProcess node)
    {
        var lines = node.Lines.ToList();
        int Index(string text) => lines.FindIndex(l => l.Contains(text, StringComparison.Ordinal));
        var drained = Index("Payment stream stopped");
        var exited = Index("Exiting completed");
        Assert.True(drained >= 0, "the stream did not report that it stopped");
        Assert.True(exited >= 0, "the node did not leave the cluster (no 'Exiting completed')");
        var leaving = lines.FindIndex(l => l.Contains("as [Leaving]", StringComparison.Ordinal) || l.Contains("Exiting completed", StringComparison.Ordinal));
        Assert.True(leaving > drained, $"the node began to leave the cluster (line {leaving}: {lines[leaving]}) before its stream drained (line {drained})");
    }
}
