using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Testing;
using Microsoft.Data.Sqlite;

namespace Akka.Payments.IntegrationTests.InProcess;

/// <summary>Members on loopback sharing one SQLite journal file (each prepares it as a node does); the first one seeds, the others join it.</summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly string _journalFile = Path.Combine(Path.GetTempPath(), $"in-process-cluster-{Guid.NewGuid():N}.db");
    private readonly List<ClusterMemberSystem> _members = [];
    private int _offset;

    private InProcessCluster() { }

    /// <summary>Starts the members one after the other; the first seeds itself, the others join it.</summary>
    public static async Task<InProcessCluster> Start(int members, int abruptMember = -1)
    {
        var cluster = new InProcessCluster();
        var connection = $"Data Source={cluster._journalFile};Pooling=True";
        for (var i = 0; i < members; i++)
            cluster._members.Add(await ClusterMemberSystem.Start(connection, i == 0 ? null : cluster._members[0].Address, abruptTermination: i == abruptMember));
        return cluster;
    }

    public IReadOnlyList<ClusterMemberSystem> Members => _members;

    public static TimeSpan Patience => TimeSpan.FromSeconds(30);

    /// <summary>Polls until every live member sees <paramref name="up"/> members Up and all regions are registered.</summary>
    public async Task AwaitUp(int up, IEnumerable<ClusterMemberSystem> live)
    {
        var members = live.ToList();
        await Eventually.Until(async () =>
        {
            var views = string.Join("; ", members.Select(m =>
                $"{m.Cluster.State.Members.Count(x => x.Status == MemberStatus.Up)} Up, {m.Cluster.State.Unreachable.Count} unreachable"));
            var regions = await members[0].Region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(5));
            return (Views: views, Regions: regions.Regions.Count);
        }, seen => seen.Views == string.Join("; ", members.Select(_ => $"{up} Up, 0 unreachable")) && seen.Regions == up,
            Patience, $"every live member to see {up} members Up, none unreachable, and {up} regions");
    }

    public async Task<CreditApplied> Credit(ClusterMemberSystem via, string account, decimal amount)
    {
        var credit = new AccountCredited($"credit-{account}-{_offset}", account, amount, "EUR", T0);
        var lineage = new Lineage($"ev-{_offset}", $"payments.requested/0/{_offset++}");
        return await via.Region.Ask<CreditApplied>(new DecideEvent(credit, lineage), Patience);
    }

    public async Task<AccountView> View(ClusterMemberSystem via, string account) =>
        await via.Region.Ask<AccountView>(new GetAccount(account), Patience);

    /// <summary>The shard ids that have live entities on this member.</summary>
    public static async Task<HashSet<string>> ShardsOn(ClusterMemberSystem member)
    {
        var state = await member.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.Where(s => s.EntityIds.Count > 0).Select(s => s.ShardId).ToHashSet();
    }


    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members) await member.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(_journalFile + suffix); } catch (IOException) { }
    }
}
