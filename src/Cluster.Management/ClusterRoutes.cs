using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
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
    public sealed record AddressRequest(string? Address);

    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var cluster = () => Akka.Cluster.Cluster.Get(host.GetRequiredService<ActorSystem>());
        var group = app.MapGroup("/cluster");

        group.MapGet("/members", () => Results.Json(Members(cluster())));
        group.MapGet("/leader", () => Results.Json(new { leader = cluster().State.Leader?.ToString() }));
        group.MapGet("/unreachable", () => Results.Json(new
        {
            unreachable = cluster().State.Unreachable.Select(m => m.Address.ToString()).Order().ToList(),
        }));
        group.MapGet("/tail", (HttpContext http) => Tail(host.GetRequiredService<ActorSystem>(), http));

        group.MapPost("/leave", (AddressRequest? request) =>
        {
            var c = cluster();
            var address = request?.Address is { Length: > 0 } a ? a : c.SelfAddress.ToString();
            return WithMember(c, address, m => Leave(c, m, host), "leaving");
        }).RequireToken();
        group.MapPost("/down", (AddressRequest? request) =>
        {
            var c = cluster();
            return request?.Address is { Length: > 0 } address
                ? WithMember(c, address, m => c.Down(m.Address), "down")
                : Results.Json(new { error = "down needs an address" }, statusCode: 400);
        }).RequireToken();
        group.MapPost("/down-unreachable", () =>
        {
            var c = cluster();
            var downed = c.State.Unreachable.Select(m => m.Address).ToList();
            foreach (var address in downed) c.Down(address);
            return Results.Json(new { downed = downed.Select(a => a.ToString()).ToList() });
        }).RequireToken();
        group.MapPost("/join", (AddressRequest? request) =>
        {
            if (request?.Address is not { Length: > 0 } text || !TryParse(text, out var address))
                return Results.Json(new { error = "join needs an address such as akka.tcp://payments@127.0.0.1:4053" }, statusCode: 400);
            cluster().Join(address);
            return Results.Json(new { joining = address.ToString() });
        }).RequireToken();
    }

    private static object Members(Akka.Cluster.Cluster cluster)
    {
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        return new
        {
            self = cluster.SelfAddress.ToString(),
            leader = state.Leader?.ToString(),
            members = state.Members.Concat(state.Unreachable.Where(u => !state.Members.Contains(u))).Select(m => new
            {
                address = m.Address.ToString(),
                roles = m.Roles.Order().ToList(),
                status = m.Status.ToString(),
                reachability = unreachable.Contains(m.UniqueAddress) ? "Unreachable" : "Reachable",
                appVersion = m.AppVersion.ToString(),
            }).ToList(),
        };
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
            return Results.Json(new { error = $"'{text}' is not an address such as akka.tcp://payments@127.0.0.1:4053" }, statusCode: 400);
        var member = cluster.State.Members.FirstOrDefault(m => m.Address.Equals(address));
        if (member is null) return Results.Json(new { error = $"{address} is not a member" }, statusCode: 404);
        act(member);
        return Results.Json(new { address = address.ToString(), now = what });
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
                var line = JsonSerializer.Serialize(Describe(e));
                await http.Response.WriteAsync(line + "\n", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) { }
        finally { system.Stop(forwarder); }
    }

    private static Dictionary<string, string?> Describe(ClusterEvent.IClusterDomainEvent e) => e switch
    {
        ClusterEvent.IMemberEvent m => new() { ["event"] = e.GetType().Name, ["address"] = m.Member.Address.ToString(), ["status"] = m.Member.Status.ToString(), ["at"] = DateTimeOffset.UtcNow.ToString("O") },
        ClusterEvent.UnreachableMember u => new() { ["event"] = "UnreachableMember", ["address"] = u.Member.Address.ToString(), ["status"] = u.Member.Status.ToString(), ["at"] = DateTimeOffset.UtcNow.ToString("O") },
        ClusterEvent.ReachableMember r => new() { ["event"] = "ReachableMember", ["address"] = r.Member.Address.ToString(), ["status"] = r.Member.Status.ToString(), ["at"] = DateTimeOffset.UtcNow.ToString("O") },
        ClusterEvent.LeaderChanged l => new() { ["event"] = "LeaderChanged", ["address"] = l.Leader?.ToString(), ["at"] = DateTimeOffset.UtcNow.ToString("O") },
        _ => new() { ["event"] = e.GetType().Name, ["at"] = DateTimeOffset.UtcNow.ToString("O") },
    };
}
