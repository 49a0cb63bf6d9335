using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Shared.Ops;

/// <summary>A question or command to the ops singleton (through its proxy, from any node); answered with a
/// management contract.</summary>
public interface IOpsMessage;

/// <summary>Answered with <see cref="DeadLetterListResponse"/>.</summary>
public sealed record ListDeadLetters(string? Reason, DateTimeOffset? Since, string? Key, string? Status, int Limit) : IOpsMessage;

/// <summary>Answered with <see cref="DeadLetterResponse"/>, or <see cref="DeadLetterNotFound"/>.</summary>
public sealed record GetDeadLetter(string Id) : IOpsMessage;

public sealed record DeadLetterNotFound(string Id) : IOpsMessage;

/// <summary>Answered with <see cref="DeadLetterStatsResponse"/>.</summary>
public sealed record GetDeadLetterStats : IOpsMessage;

/// <summary>Answered with <see cref="ReplayResponse"/>; <paramref name="By"/> names who asked (the token's name).</summary>
public sealed record ReplayDeadLetters(ReplayRequest Request, string By) : IOpsMessage;

/// <summary>Answered with <see cref="PurgeResponse"/>.</summary>
public sealed record PurgeDeadLetters(PurgeRequest Request, string By) : IOpsMessage;

/// <summary>Answered with <see cref="ReplayJobsResponse"/>.</summary>
public sealed record GetReplayJobs : IOpsMessage;

/// <summary>Append to the audit trail; not answered (the endpoint does not wait for its audit).</summary>
public sealed record RecordAudit(AuditEntry Entry) : IOpsMessage;

/// <summary>Answered with <see cref="AuditResponse"/>: the newest entries since a time.</summary>
public sealed record GetAudit(DateTimeOffset? Since, int Limit) : IOpsMessage;
