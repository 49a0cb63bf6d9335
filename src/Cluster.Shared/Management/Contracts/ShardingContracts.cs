namespace Akka.Payments.Shared.Management.Contracts;

/// <summary><c>GET /cluster-sharding/regions</c>: the type names started on the node.</summary>
public sealed record RegionsResponse(IReadOnlyList<string> Regions);

/// <summary><c>GET /cluster-sharding/region-stats?region=</c>: shards and entities per node, and the totals.</summary>
public sealed record RegionStatsResponse(string? Region, IReadOnlyList<RegionNode> Nodes, int Shards, int Entities);

public sealed record RegionNode(string Address, int Shards, int Entities);

/// <summary><c>GET /cluster-sharding/shard-stats?region=</c>: entities per shard and the node hosting it.</summary>
public sealed record ShardStatsResponse(string? Region, IReadOnlyList<ShardEntities> Shards);

public sealed record ShardEntities(string Shard, string Address, int Entities);
