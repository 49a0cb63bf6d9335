using Akka.Payments.IntegrationTests.Faults;
using System.Diagnostics;
using Akka.Actor;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.InProcess;

/// <summary>
/// Three members in one process, each started through the node's own wiring (journal, serializer, sharding, SBR), on
/// one shared journal. They talk over real remoting with the default JSON serializer refused, so every message between
/// them crosses a real serializer.
/// </summary>
[Collection(NodeFaultCollection.Name)]
public sealed class InProcessClusterSpec(ITestOutputHelper output)
{
    private const int Accounts = 60;

    private static string Account(int i) => $"acct-{i:D3}";

    private static async Task CreditAll(InProcessCluster cluster, ClusterMemberSystem via)
    {
        for (var i = 0; i < Accounts; i++)
            Assert.Equal(i + 1m, (await cluster.Credit(via, Account(i), i + 1m)).BalanceAfter);
    }

    private static async Task AssertBalances(InProcessCluster cluster, ClusterMemberSystem via, decimal extra = 0)
    {
        for (var i = 0; i < Accounts; i++)
        {
            var view = await cluster.View(via, Account(i));
            Assert.Equal(i + 1m + extra, view.Balances["EUR"]);
        }
    }

    [Fact]
    public async Task Entities_spread_across_every_member()
    {
        await using var cluster = await InProcessCluster.Start(3);
        await cluster.AwaitUp(3, cluster.Members);

        await CreditAll(cluster, cluster.Members[0]);

        var shards = await Task.WhenAll(cluster.Members.Select(InProcessCluster.ShardsOn));
        output.WriteLine($"shards with entities per member: {string.Join(", ", shards.Select(s => s.Count))}");
        Assert.All(shards, s => Assert.NotEmpty(s));
        for (var a = 0; a < shards.Length; a++)
            for (var b = a + 1; b < shards.Length; b++)
                Assert.Empty(shards[a].Intersect(shards[b]));
        // The credits went through the node's own journal: group commit, not a plain SqlWriteJournal.
        Assert.True(cluster.Members.Sum(m => m.GroupCommits.Rows) >= Accounts, "the group-commit journal wrote the credits");
    }

    [Fact]
    public async Task A_member_that_leaves_hands_its_entities_over_and_they_come_back_elsewhere_with_their_state()
    {
        await using var cluster = await InProcessCluster.Start(3);
        await cluster.AwaitUp(3, cluster.Members);
        await CreditAll(cluster, cluster.Members[0]);
        var leaving = cluster.Members[2];
        var handedOver = await InProcessCluster.ShardsOn(leaving);
        Assert.NotEmpty(handedOver);

        var clock = Stopwatch.StartNew();
        await CoordinatedShutdown.Get(leaving.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        await leaving.System.WhenTerminated.WaitAsync(InProcessCluster.Patience);
        var survivors = cluster.Members.Take(2).ToList();
        await cluster.AwaitUp(2, survivors);
        output.WriteLine($"left and removed in {clock.ElapsedMilliseconds} ms");

        await AssertBalances(cluster, survivors[1]);
        var now = (await Task.WhenAll(survivors.Select(InProcessCluster.ShardsOn))).SelectMany(s => s).ToHashSet();
        Assert.Superset(handedOver, now);
    }

    [Fact]
    public async Task A_crashed_member_is_downed_by_the_split_brain_resolver_and_its_entities_recover_on_the_others()
    {
        await using var cluster = await InProcessCluster.Start(3, abruptMember: 2);
        await cluster.AwaitUp(3, cluster.Members);
        await CreditAll(cluster, cluster.Members[0]);
        var crashed = cluster.Members[2];
        var lost = await InProcessCluster.ShardsOn(crashed);
        Assert.NotEmpty(lost);

        var clock = Stopwatch.StartNew();
        await crashed.System.Terminate(); // no leaving, no handoff: the others only notice it is gone
        var survivors = cluster.Members.Take(2).ToList();
        await cluster.AwaitUp(2, survivors);
        output.WriteLine($"crashed member downed and removed after {clock.ElapsedMilliseconds} ms");
        Assert.Contains(survivors[0].Cluster.State.Members, m => m.Address == survivors[1].Address);

        await AssertBalances(cluster, survivors[1]);
        for (var i = 0; i < Accounts; i++)
            Assert.Equal(i + 2m, (await cluster.Credit(survivors[0], Account(i), 1m)).BalanceAfter);
        var now = (await Task.WhenAll(survivors.Select(InProcessCluster.ShardsOn))).SelectMany(s => s).ToHashSet();
        Assert.Superset(lost, now);
    }
}
