using System.Text.Json.Serialization;

namespace Akka.Payments.Shared.Management.Contracts;

/// <summary>The body of <c>leave</c>, <c>down</c> and <c>join</c>: an Akka address such as <c>akka.tcp://payments@127.0.0.1:4053</c>.</summary>
public sealed record AddressRequest(string? Address);

/// <summary><c>GET /cluster/members</c>: every member, unreachable ones included.</summary>
public sealed record ClusterMembersResponse(string Self, string? Leader, IReadOnlyList<ClusterMember> Members);

/// <param name="Reachability"><c>Reachable</c> or <c>Unreachable</c>.</param>
public sealed record ClusterMember(string Address, IReadOnlyList<string> Roles, string Status, string Reachability, string AppVersion);

/// <summary><c>GET /cluster/leader</c>.</summary>
public sealed record ClusterLeaderResponse(string? Leader);

/// <summary><c>GET /cluster/unreachable</c>: addresses, in order.</summary>
public sealed record UnreachableMembersResponse(IReadOnlyList<string> Unreachable);

/// <summary><c>POST /cluster/leave</c> and <c>/cluster/down</c>: the member and what it now does (<c>leaving</c>, <c>down</c>).</summary>
public sealed record MemberCommandResponse(string Address, string Now);

/// <summary><c>POST /cluster/down-unreachable</c>: the members marked down.</summary>
public sealed record DownUnreachableResponse(IReadOnlyList<string> Downed);

/// <summary><c>POST /cluster/join</c>: the seed address being joined.</summary>
public sealed record JoinResponse(string Joining);

/// <summary>One line of <c>GET /cluster/tail</c> (newline-delimited JSON).</summary>
/// <param name="Event">The Akka event name, e.g. <c>MemberUp</c>, <c>UnreachableMember</c>, <c>LeaderChanged</c>.</param>
/// <param name="Status">The member's status; absent for <c>LeaderChanged</c>.</param>
/// <param name="At">When the endpoint saw the event, ISO 8601 round-trip format.</param>
public sealed record ClusterTailEvent(
    string Event,
    string? Address,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status,
    string At);
