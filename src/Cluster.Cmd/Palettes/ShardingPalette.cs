using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>cluster-sharding</c>: shard regions and where their shards and entities live.</summary>
public static class ShardingPalette
{
    public static Palette Build() => new("cluster-sharding", "shard regions, shards and entities",
    [
        new("regions", "", "the shard regions started on the node", async i =>
        {
            i.AtMost(0);
            var doc = await i.Get("/cluster-sharding/regions");
            i.Show(doc, () =>
            {
                foreach (var r in doc.GetProperty("regions").EnumerateArray()) i.Line(Text(r));
            });
        }),
        new("region-stats", "-r <region>", "shards and entities of a region per node", async i =>
        {
            i.AtMost(0);
            var region = i.Option("-r", "--region");
            var doc = await i.Get($"/cluster-sharding/region-stats?region={Uri.EscapeDataString(region)}");
            i.Show(doc, () =>
            {
                var table = Table("node", "shards", "entities");
                foreach (var n in doc.GetProperty("nodes").EnumerateArray())
                    table.AddRow(Cell(n.GetProperty("address")), Cell(n.GetProperty("shards")), Cell(n.GetProperty("entities")));
                table.AddRow(Cell("total"), Cell(doc.GetProperty("shards")), Cell(doc.GetProperty("entities")));
                i.Write(table);
            });
        }, "-r", "--region"),
        new("shard-stats", "-r <region>", "entities per shard of a region, and the node hosting each shard", async i =>
        {
            i.AtMost(0);
            var region = i.Option("-r", "--region");
            var doc = await i.Get($"/cluster-sharding/shard-stats?region={Uri.EscapeDataString(region)}");
            i.Show(doc, () =>
            {
                var table = Table("shard", "node", "entities");
                var shards = doc.GetProperty("shards").EnumerateArray().ToList();
                foreach (var s in shards)
                    table.AddRow(Cell(s.GetProperty("shard")), Cell(s.GetProperty("address")), Cell(s.GetProperty("entities")));
                i.Write(table);
                i.Line($"Count: {shards.Count} shards");
            });
        }, "-r", "--region"),
    ]);
}
