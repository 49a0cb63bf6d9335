namespace Akka.Payments.Shared.Management.Contracts;

/// <summary><c>GET /ops/deadletters</c>: the Akka dead letters, unhandled messages and dropped messages of one node,
/// counted since the node started.</summary>
/// <param name="Node">The cluster address of the node that counted them.</param>
/// <param name="Since">When the node started counting.</param>
/// <param name="At">When this report was made.</param>
/// <param name="Kinds">One row per kind (<c>dead_letter</c>, <c>unhandled</c>, <c>dropped</c>), always all three.</param>
/// <param name="LastMinute">All kinds together in the 60 seconds before <paramref name="At"/>: the rate the alert watches.</param>
/// <param name="PerMinute5">All kinds together in the 5 minutes before <paramref name="At"/>, divided by 5.</param>
/// <param name="AlertPerMinute">The alert's threshold (<c>Payments:Ops:DeadLetterAlertPerMinute</c>; 0: never).</param>
/// <param name="Alert">True from the moment <paramref name="LastMinute"/> reached the threshold until it fell below it.</param>
/// <param name="TopMessageTypes">The most frequent message types since the start (at most 10), most frequent first.</param>
/// <param name="TopRecipients">The most frequent recipients since the start (at most 10), with per-entity and
/// temporary actors folded into one path (<c>/system/sharding/account/*/*</c>, <c>/temp/*</c>).</param>
public sealed record AkkaDeadLetterReport(
    string Node,
    DateTimeOffset Since,
    DateTimeOffset At,
    IReadOnlyList<DeadLetterKindFigures> Kinds,
    long LastMinute,
    double PerMinute5,
    int AlertPerMinute,
    bool Alert,
    IReadOnlyList<DeadLetterCount> TopMessageTypes,
    IReadOnlyList<DeadLetterCount> TopRecipients);

/// <summary>One kind of undelivered message: how many since the start, in the last minute, and per minute over 5.</summary>
public sealed record DeadLetterKindFigures(string Kind, long Total, long LastMinute, double PerMinute5);

/// <summary>A message type or a recipient and how many undelivered messages it had. <c>(other)</c> gathers the
/// names met once the table was full.</summary>
public sealed record DeadLetterCount(string Name, long Count);

/// <summary><c>GET /ops/deadletters</c>: what every member reported to the ops singleton of its Akka dead letters,
/// and their sum.</summary>
/// <param name="Host">The node of the ops singleton that summed them.</param>
/// <param name="At">When the sum was made.</param>
/// <param name="Sum">Every reporting member's counts added up (its <c>Node</c> is <c>cluster</c>, its <c>Since</c> the
/// earliest member's): kinds, rates and alert over the whole cluster; the top message types and recipients are those
/// of the members' own top lists added up.</param>
/// <param name="Nodes">Each member's latest report as it made it, by address.</param>
public sealed record ClusterDeadLetterReport(string Host, DateTimeOffset At, AkkaDeadLetterReport Sum, IReadOnlyList<AkkaDeadLetterReport> Nodes);

/// <summary><c>GET /ops/health</c>: every cluster member and whether it is ready, from the readiness each node reports
/// to the ops singleton.</summary>
/// <param name="Host">The node of the ops singleton that answered.</param>
/// <param name="Ready">True when every member that reports is ready (members that do not report, such as Lighthouse,
/// do not count).</param>
/// <param name="ReportEvery">How often nodes report; a report older than three of these is stale.</param>
public sealed record ClusterHealthResponse(string Host, DateTimeOffset At, bool Ready, TimeSpan ReportEvery, IReadOnlyList<MemberHealth> Members);

/// <summary>One member's health.</summary>
/// <param name="Address">Its cluster address.</param>
/// <param name="Status">Its membership status (<c>Up</c>, <c>Leaving</c>, ...).</param>
/// <param name="Roles">Its cluster roles.</param>
/// <param name="Ready">Whether it is ready; null for a member that does not report (not a payments node).</param>
/// <param name="ReportedAt">When it made its latest report; null before any.</param>
/// <param name="Problem">Why it is not ready (or why it is not known), else null.</param>
/// <param name="Checks">Its readiness checks as it reported them (empty before any report).</param>
public sealed record MemberHealth(
    string Address,
    string Status,
    IReadOnlyList<string> Roles,
    bool? Ready,
    DateTimeOffset? ReportedAt,
    string? Problem,
    IReadOnlyList<ReadinessCheckResult> Checks);
