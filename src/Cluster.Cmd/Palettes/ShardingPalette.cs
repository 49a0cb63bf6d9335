using Akka.Payments.Shared.Management.Contracts;
using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>cluster-sharding</c>: shard regions and where their shards and entities live.</summary>
public static class ShardingPalette
{
    private static readonly ManagementJsonContext Contracts = ManagementJsonContext.Default;

    public static Palette Build() => new("cluster-sharding", "shard regions, shards and entities",
    [
        new("regions", "", "the shard regions started on the node", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.ShardingRegions, Contracts.RegionsResponse);
            i.Show(reply, doc =>
            {
                foreach (var r in doc.Regions) i.Line(r);
            });
        }),
        new("region-stats", "-r <region>", "shards and entities of a region per node", async i =>
        {
            i.AtMost(0);
            var region = i.Option("-r", "--region");
            var reply = await i.Get(ManagementPaths.RegionStatsOf(region), Contracts.RegionStatsResponse);
            i.Show(reply, doc =>
            {
                var table = Table("node", "shards", "entities");
                foreach (var n in doc.Nodes) table.AddRow(Cell(n.Address), Cell(n.Shards), Cell(n.Entities));
                table.AddRow(Cell("total"), Cell(doc.Shards), Cell(doc.Entities));
                i.Write(table);
            });
        }, "-r", "--region"),
        new("shard-stats", "-r <region>", "entities per shard of a region, and the node hosting each shard", async i =>
        {
            i.AtMost(0);
            var region = i.Option("-r", "--region");
            var reply = await i.Get(ManagementPaths.ShardStatsOf(region), Contracts.ShardStatsResponse);
            i.Show(reply, doc =>
            {
                var table = Table("shard", "node", "entities");
                foreach (var s in doc.Shards) table.AddRow(Cell(s.Shard), Cell(s.Address), Cell(s.Entities));
                i.Write(table);
                i.Line($"Count: {doc.Shards.Count} shards");
            });
        }, "-r", "--region"),
    ]);
}
