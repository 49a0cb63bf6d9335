using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Payments.Management;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>
/// The <c>cluster-sharding</c> palette: <c>regions</c> (type names started here), <c>region-stats?region=</c> (shards
/// and entities per node, from <c>GetClusterShardingStats</c>) and <c>shard-stats?region=</c> (entities per shard).
/// </summary>
public sealed class ShardingRoutes : IManagementRoutes
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(5);

    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var json = ManagementJsonContext.Default;
        var sharding = () => ClusterSharding.Get(host.GetRequiredService<ActorSystem>());

        app.MapGet(ManagementPaths.ShardingRegions, () =>
            ManagementResults.Json(new RegionsResponse(sharding().ShardTypeNames.Order().ToList()), json.RegionsResponse));

        app.MapGet(ManagementPaths.ShardingRegionStats, async (string? region, CancellationToken cancellation) =>
        {
            if (Region(sharding(), region) is not { } actor) return NoSuchRegion(sharding(), region);
            var stats = await actor.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1), cancellation);
            var nodes = stats.Regions.OrderBy(r => r.Key.ToString())
                .Select(r => new RegionNode(r.Key.ToString(), r.Value.Stats.Count, r.Value.Stats.Values.Sum()))
                .ToList();
            return ManagementResults.Json(
                new RegionStatsResponse(region, nodes, nodes.Sum(n => n.Shards), nodes.Sum(n => n.Entities)), json.RegionStatsResponse);
        });

        app.MapGet(ManagementPaths.ShardingShardStats, async (string? region, CancellationToken cancellation) =>
        {
            if (Region(sharding(), region) is not { } actor) return NoSuchRegion(sharding(), region);
            var stats = await actor.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1), cancellation);
            var shards = stats.Regions
                .SelectMany(r => r.Value.Stats.Select(s => new ShardEntities(s.Key, r.Key.ToString(), s.Value)))
                .OrderBy(s => s.Shard.Length).ThenBy(s => s.Shard, StringComparer.Ordinal)
                .ToList();
            return ManagementResults.Json(new ShardStatsResponse(region, shards), json.ShardStatsResponse);
        });
    }

    private static IActorRef? Region(ClusterSharding sharding, string? region) =>
        region is not null && sharding.ShardTypeNames.Contains(region) ? sharding.ShardRegion(region) : null;

    private static IResult NoSuchRegion(ClusterSharding sharding, string? region) => ManagementResults.Error(
        region is null ? "give a region (-r)" : $"no region '{region}'; regions: {string.Join(", ", sharding.ShardTypeNames.Order())}",
        region is null ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound);
}
