using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>kafka</c>: the Kafka the node talks to.</summary>
public static class KafkaPalette
{
    public static Palette Build() => new("kafka", "the Kafka the node talks to",
    [
        new("info", "", "bootstrap servers, consumer group, topics and partitions", async i =>
        {
            i.AtMost(0);
            var doc = await i.Get("/kafka/info");
            i.Show(doc, () =>
            {
                var embedded = doc.GetProperty("embedded").GetBoolean() ? " (embedded)" : "";
                i.Line($"Bootstrap servers: {Text(doc.GetProperty("bootstrapServers"))}{embedded}");
                i.Line($"Consumer group: {Text(doc.GetProperty("groupId"))}");
                var table = Table("topic", "partitions");
                foreach (var t in doc.GetProperty("topics").EnumerateArray())
                    table.AddRow(Cell(t.GetProperty("name")), Cell(t.GetProperty("partitions")));
                i.Write(table);
            });
        }),
    ]);
}
