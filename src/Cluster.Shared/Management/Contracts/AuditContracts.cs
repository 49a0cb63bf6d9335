namespace Akka.Payments.Shared.Management.Contracts;

/// <summary>One mutating management command, as the ops plane's audit trail keeps it. Never holds the token.</summary>
/// <param name="Node">The cluster address of the node whose endpoint took the command.</param>
/// <param name="Command">Method and path, e.g. <c>POST /cluster/leave</c>.</param>
/// <param name="Arguments">The query string and the request body (at most 4 KiB).</param>
/// <param name="By">Who: <c>token</c> (the management token, with the caller's address) or <c>refused</c> (no valid
/// token: the command did nothing).</param>
/// <param name="Status">The HTTP status of the answer.</param>
public sealed record AuditEntry(DateTimeOffset At, string Node, string Command, string Arguments, string By, int Status);

/// <summary><c>GET /ops/audit?since=&amp;limit=</c>: the newest entries first.</summary>
public sealed record AuditResponse(string Host, int Matching, IReadOnlyList<AuditEntry> Entries);
