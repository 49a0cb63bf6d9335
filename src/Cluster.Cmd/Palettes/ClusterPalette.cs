using System.Text.Json;
using Akka.Payments.Shared.Management.Contracts;
using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>cluster</c>: membership, as pbm's cluster palette. Addresses look like <c>akka.tcp://payments@host:port</c>.</summary>
public static class ClusterPalette
{
    private static readonly ManagementJsonContext Contracts = ManagementJsonContext.Default;

    public static Palette Build() => new("cluster", "membership of the cluster",
    [
        new("show", "", "one row per member: address, roles, status, reachability, app version", Show),
        new("leader", "", "the leader's address", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.ClusterLeader, Contracts.ClusterLeaderResponse);
            i.Show(reply, doc => i.Line(doc.Leader is { Length: > 0 } l ? l : "No leader."));
        }),
        new("unreachable", "", "members the failure detector marks unreachable", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.ClusterUnreachable, Contracts.UnreachableMembersResponse);
            i.Show(reply, doc => i.Line(doc.Unreachable.Count == 0 ? "No unreachable members." : string.Join('\n', doc.Unreachable)));
        }),
        new("leave", "[address]", "make a member (default: the node you talk to) leave gracefully", async i =>
        {
            i.AtMost(1);
            var reply = await i.Post(ManagementPaths.ClusterLeave, new AddressRequest(i.OptionalArgument(0)), Contracts.MemberCommandResponse);
            i.Show(reply, doc => i.Line($"{doc.Address} is leaving."));
        }),
        new("down", "<address>", "mark a member down (it is removed without handing off)", async i =>
        {
            i.AtMost(1);
            var reply = await i.Post(ManagementPaths.ClusterDown, new AddressRequest(i.Argument(0, "address")), Contracts.MemberCommandResponse);
            i.Show(reply, doc => i.Line($"{doc.Address} is marked down."));
        }),
        new("down-unreachable", "", "mark every unreachable member down", async i =>
        {
            i.AtMost(0);
            var reply = await i.Post(ManagementPaths.ClusterDownUnreachable, null, Contracts.DownUnreachableResponse);
            i.Show(reply, doc => i.Line(doc.Downed.Count == 0 ? "No unreachable members." : "Marked down: " + string.Join(", ", doc.Downed)));
        }),
        new("join", "<address>", "make the node you talk to join the cluster at a seed address", async i =>
        {
            i.AtMost(1);
            var reply = await i.Post(ManagementPaths.ClusterJoin, new AddressRequest(i.Argument(0, "address")), Contracts.JoinResponse);
            i.Show(reply, doc => i.Line($"Joining {doc.Joining}."));
        }),
        new("tail", "", "print membership events as they happen, until Ctrl-C", Tail),
    ]);

    private static async Task Show(Invocation i)
    {
        i.AtMost(0);
        var reply = await i.Get(ManagementPaths.ClusterMembers, Contracts.ClusterMembersResponse);
        i.Show(reply, doc =>
        {
            var table = Table("address", "roles", "status", "reachability", "app version");
            foreach (var m in doc.Members)
            {
                table.AddRow(
                    Cell(m.Address + (m.Address == doc.Leader ? " (leader)" : "")),
                    Cell(string.Join(',', m.Roles)),
                    Cell(m.Status),
                    Cell(m.Reachability),
                    Cell(m.AppVersion));
            }
            i.Write(table);
            i.Line($"Count: {doc.Members.Count} {(doc.Members.Count == 1 ? "node" : "nodes")}");
        });
    }

    private static async Task Tail(Invocation i)
    {
        i.AtMost(0);
        await foreach (var line in i.Client.Lines(ManagementPaths.ClusterTail, i.Cancellation))
        {
            if (i.Json) { i.Line(line); continue; }
            var e = JsonSerializer.Deserialize(line, Contracts.ClusterTailEvent)!;
            i.Line($"{e.At,-34} {e.Event,-18} {e.Address} {e.Status}".TrimEnd());
        }
    }
}
