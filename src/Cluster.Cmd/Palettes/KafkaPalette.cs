using Akka.Payments.Shared.Management.Contracts;
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
            var reply = await i.Get(ManagementPaths.KafkaInfo, ManagementJsonContext.Default.KafkaInfoResponse);
            i.Show(reply, doc =>
            {
                i.Line($"Bootstrap servers: {doc.BootstrapServers}{(doc.Embedded ? " (embedded)" : "")}");
                i.Line($"Consumer group: {doc.GroupId}");
                var table = Table("topic", "partitions");
                foreach (var t in doc.Topics) table.AddRow(Cell(t.Name), Cell(t.Partitions));
                i.Write(table);
            });
        }),
    ]);
}
