using System.Text.Json;
using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>cluster</c>: membership, as pbm's cluster palette. Addresses look like <c>akka.tcp://payments@host:port</c>.</summary>
public static class ClusterPalette
{
    public static Palette Build() => new("cluster", "membership of the cluster",
    [
        new("show", "", "one row per member: address, roles, status, reachability, app version", Show),
        new("leader", "", "the leader's address", async i =>
        {
            i.AtMost(0);
            var doc = await i.Get("/cluster/leader");
            i.Show(doc, () => i.Line(Text(doc.GetProperty("leader")) is { Length: > 0 } l ? l : "No leader."));
        }),
        new("unreachable", "", "members the failure detector marks unreachable", async i =>
        {
            i.AtMost(0);
            var doc = await i.Get("/cluster/unreachable");
            i.Show(doc, () =>
            {
                var list = doc.GetProperty("unreachable").EnumerateArray().Select(Text).ToList();
                i.Line(list.Count == 0 ? "No unreachable members." : string.Join('\n', list));
            });
        }),
        new("leave", "[address]", "make a member (default: the node you talk to) leave gracefully", async i =>
        {
            i.AtMost(1);
            var doc = await i.Post("/cluster/leave", new { address = i.OptionalArgument(0) });
            i.Show(doc, () => i.Line($"{Text(doc.GetProperty("address"))} is leaving."));
        }),
        new("down", "<address>", "mark a member down (it is removed without handing off)", async i =>
        {
            i.AtMost(1);
            var doc = await i.Post("/cluster/down", new { address = i.Argument(0, "address") });
            i.Show(doc, () => i.Line($"{Text(doc.GetProperty("address"))} is marked down."));
        }),
        new("down-unreachable", "", "mark every unreachable member down", async i =>
        {
            i.AtMost(0);
            var doc = await i.Post("/cluster/down-unreachable");
            i.Show(doc, () =>
            {
                var downed = doc.GetProperty("downed").EnumerateArray().Select(Text).ToList();
                i.Line(downed.Count == 0 ? "No unreachable members." : "Marked down: " + string.Join(", ", downed));
            });
        }),
        new("join", "<address>", "make the node you talk to join the cluster at a seed address", async i =>
        {
            i.AtMost(1);
            var doc = await i.Post("/cluster/join", new { address = i.Argument(0, "address") });
            i.Show(doc, () => i.Line($"Joining {Text(doc.GetProperty("joining"))}."));
        }),
        new("tail", "", "print membership events as they happen, until Ctrl-C", Tail),
    ]);

    private static async Task Show(Invocation i)
    {
        i.AtMost(0);
        var doc = await i.Get("/cluster/members");
        i.Show(doc, () =>
        {
            var leader = Text(doc.GetProperty("leader"));
            var table = Table("address", "roles", "status", "reachability", "app version");
            var members = doc.GetProperty("members").EnumerateArray().ToList();
            foreach (var m in members)
            {
                var address = Text(m.GetProperty("address"));
                table.AddRow(
                    Cell(address + (address == leader ? " (leader)" : "")),
                    Cell(string.Join(',', m.GetProperty("roles").EnumerateArray().Select(Text))),
                    Cell(m.GetProperty("status")),
                    Cell(m.GetProperty("reachability")),
                    Cell(m.GetProperty("appVersion")));
            }
            i.Write(table);
            i.Line($"Count: {members.Count} {(members.Count == 1 ? "node" : "nodes")}");
        });
    }

    private static async Task Tail(Invocation i)
    {
        i.AtMost(0);
        await foreach (var line in i.Client.Lines("/cluster/tail", i.Cancellation))
        {
            if (i.Json) { i.Line(line); continue; }
            var e = JsonDocument.Parse(line).RootElement;
            string Field(string name) => e.TryGetProperty(name, out var v) ? Text(v) : "";
            i.Line($"{Field("at"),-34} {Field("event"),-18} {Field("address")} {Field("status")}".TrimEnd());
        }
    }
}
