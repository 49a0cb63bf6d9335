using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Payments.Management;
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
        var sharding = () => ClusterSharding.Get(host.GetRequiredService<ActorSystem>());
        var group = app.MapGroup("/cluster-sharding");

        group.MapGet("/regions", () => Results.Json(new { regions = sharding().ShardTypeNames.Order().ToList() }));

        group.MapGet("/region-stats", async (string? region, CancellationToken cancellation) =>
        {
            if (Region(sharding(), region) is not { } actor) return NoSuchRegion(sharding(), region);
            var stats = await actor.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1), cancellation);
            var nodes = stats.Regions.OrderBy(r => r.Key.ToString()).Select(r => new
            {
                address = r.Key.ToString(),
                shards = r.Value.Stats.Count,
                entities = r.Value.Stats.Values.Sum(),
            }).ToList();
            return Results.Json(new { region, nodes, shards = nodes.Sum(n => n.shards), entities = nodes.Sum(n => n.entities) });
        });

        group.MapGet("/shard-stats", async (string? region, CancellationToken cancellation) =>
        {
            if (Region(sharding(), region) is not { } actor) return NoSuchRegion(sharding(), region);
            var stats = await actor.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1), cancellation);
            var shards = stats.Regions
                .SelectMany(r => r.Value.Stats.Select(s => new { shard = s.Key, address = r.Key.ToString(), entities = s.Value }))
                .OrderBy(s => s.shard.Length).ThenBy(s => s.shard, StringComparer.Ordinal)
                .ToList();
            return Results.Json(new { region, shards });
        });
    }

    private static IActorRef? Region(ClusterSharding sharding, string? region) =>
        region is not null && sharding.ShardTypeNames.Contains(region) ? sharding.ShardRegion(region) : null;

    private static IResult NoSuchRegion(ClusterSharding sharding, string? region) => Results.Json(
        new { error = region is null ? "give a region (-r)" : $"no region '{region}'; regions: {string.Join(", ", sharding.ShardTypeNames.Order())}" },
        statusCode: region is null ? 400 : 404);
}
