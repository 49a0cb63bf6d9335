using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Akka.Payments.Management;

/// <summary>
/// The <c>cluster</c> palette, the same on nodes and Lighthouse: members, leader, unreachable, tail (reads) and
/// leave, down, down-unreachable, join (token required). Addresses are Akka addresses, <c>akka.tcp://payments@host:port</c>.
/// </summary>
public sealed class ClusterRoutes : IManagementRoutes
{
    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var json = ManagementJsonContext.Default;
        var cluster = () => Akka.Cluster.Cluster.Get(host.GetRequiredService<ActorSystem>());

        app.MapGet(ManagementPaths.ClusterMembers, () => ManagementResults.Json(Members(cluster()), json.ClusterMembersResponse));
        app.MapGet(ManagementPaths.ClusterLeader, () =>
            ManagementResults.Json(new ClusterLeaderResponse(cluster().State.Leader?.ToString()), json.ClusterLeaderResponse));
        app.MapGet(ManagementPaths.ClusterUnreachable, () => ManagementResults.Json(
            new UnreachableMembersResponse(cluster().State.Unreachable.Select(m => m.Address.ToString()).Order().ToList()),
            json.UnreachableMembersResponse));
        app.MapGet(ManagementPaths.ClusterTail, (HttpContext http) => Tail(host.GetRequiredService<ActorSystem>(), http));

        app.MapPost(ManagementPaths.ClusterLeave, (AddressRequest? request) =>
        {
            var c = cluster();
            var address = request?.Address is { Length: > 0 } a ? a : c.SelfAddress.ToString();
            return WithMember(c, address, m => Leave(c, m, host), "leaving");
        }).RequireToken();
        app.MapPost(ManagementPaths.ClusterDown, (AddressRequest? request) =>
        {
            var c = cluster();
            return request?.Address is { Length: > 0 } address
                ? WithMember(c, address, m => c.Down(m.Address), "down")
                : ManagementResults.Error("down needs an address", StatusCodes.Status400BadRequest);
        }).RequireToken();
        app.MapPost(ManagementPaths.ClusterDownUnreachable, () =>
        {
            var c = cluster();
            var downed = c.State.Unreachable.Select(m => m.Address).ToList();
            foreach (var address in downed) c.Down(address);
            return ManagementResults.Json(new DownUnreachableResponse(downed.Select(a => a.ToString()).ToList()), json.DownUnreachableResponse);
        }).RequireToken();
        app.MapPost(ManagementPaths.ClusterJoin, (AddressRequest? request) =>
        {
            if (request?.Address is not { Length: > 0 } text || !TryParse(text, out var address))
                return ManagementResults.Error("join needs an address such as akka.tcp://payments@127.0.0.1:4053", StatusCodes.Status400BadRequest);
            cluster().Join(address);
            return ManagementResults.Json(new JoinResponse(address.ToString()), json.JoinResponse);
        }).RequireToken();
    }

    private static ClusterMembersResponse Members(Akka.Cluster.Cluster cluster) =>
        new(cluster.SelfAddress.ToString(), cluster.State.Leader?.ToString(), MembersOf(cluster));

    /// <summary>Every member as this node sees it, unreachable ones included (what <c>/cluster/members</c> lists).</summary>
    public static IReadOnlyList<ClusterMember> MembersOf(Akka.Cluster.Cluster cluster)
    {
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        return state.Members.Concat(state.Unreachable.Where(u => !state.Members.Contains(u))).Select(m => new ClusterMember(
            m.Address.ToString(),
            m.Roles.Order().ToList(),
            m.Status.ToString(),
            unreachable.Contains(m.UniqueAddress) ? "Unreachable" : "Reachable",
            m.AppVersion.ToString())).ToList();
    }

    /// <summary>
    /// This member leaves through the host's own stop path (services stop in reverse order, so a node drains its
    /// stream first; then the ActorSystem's coordinated shutdown hands off shards and leaves). Another member is
    /// told to leave through the cluster.
    /// </summary>
    private static void Leave(Akka.Cluster.Cluster cluster, Member member, IServiceProvider host)
    {
        if (member.Address.Equals(cluster.SelfAddress) && host.GetService<IHostApplicationLifetime>() is { } lifetime)
            lifetime.StopApplication();
        else
            cluster.Leave(member.Address);
    }

    private static IResult WithMember(Akka.Cluster.Cluster cluster, string text, Action<Member> act, string what)
    {
        if (!TryParse(text, out var address))
            return ManagementResults.Error($"'{text}' is not an address such as akka.tcp://payments@127.0.0.1:4053", StatusCodes.Status400BadRequest);
        var member = cluster.State.Members.FirstOrDefault(m => m.Address.Equals(address));
        if (member is null) return ManagementResults.Error($"{address} is not a member", StatusCodes.Status404NotFound);
        act(member);
        return ManagementResults.Json(new MemberCommandResponse(address.ToString(), what), ManagementJsonContext.Default.MemberCommandResponse);
    }

    private static bool TryParse(string text, out Address address)
    {
        try { address = Address.Parse(text); return address.HasGlobalScope; }
        catch (UriFormatException) { address = Address.AllSystems; return false; }
    }

    /// <summary>Membership events as JSON lines until the client goes away.</summary>
    private static async Task Tail(ActorSystem system, HttpContext http)
    {
        var channel = Channel.CreateBounded<ClusterEvent.IClusterDomainEvent>(
            new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        var forwarder = system.ActorOf(MembershipForwarder.PropsFor(channel.Writer));
        try
        {
            http.Response.ContentType = "application/x-ndjson";
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await foreach (var e in channel.Reader.ReadAllAsync(http.RequestAborted))
            {
                var line = JsonSerializer.Serialize(Describe(e), ManagementJsonContext.Default.ClusterTailEvent);
                await http.Response.WriteAsync(line + "\n", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) { }
        finally { system.Stop(forwarder); }
    }

    private static ClusterTailEvent Describe(ClusterEvent.IClusterDomainEvent e)
    {
        var at = DateTimeOffset.UtcNow.ToString("O");
        return e switch
        {
            ClusterEvent.IMemberEvent m => new(e.GetType().Name, m.Member.Address.ToString(), m.Member.Status.ToString(), at),
            ClusterEvent.UnreachableMember u => new("UnreachableMember", u.Member.Address.ToString(), u.Member.Status.ToString(), at),
            ClusterEvent.ReachableMember r => new("ReachableMember", r.Member.Address.ToString(), r.Member.Status.ToString(), at),
            ClusterEvent.LeaderChanged l => new("LeaderChanged", l.Leader?.ToString(), null, at),
            _ => new(e.GetType().Name, null, null, at),
        };
    }
}
