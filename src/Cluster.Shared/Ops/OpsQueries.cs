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

/// <summary>What a node tells the ops singleton every <c>Payments:Ops:ReportEvery</c>: its readiness (the checks of
/// its <c>/ready</c>) and its count of Akka dead letters. Not answered; only the latest of each node is kept.</summary>
public sealed record NodeReport(string Node, DateTimeOffset At, ReadinessResponse Readiness, AkkaDeadLetterReport DeadLetters) : IOpsMessage;

/// <summary>Answered with <see cref="ClusterDeadLetterReport"/>.</summary>
public sealed record GetClusterDeadLetters : IOpsMessage;

/// <summary>Answered with <see cref="ClusterHealthResponse"/>.</summary>
public sealed record GetClusterHealth : IOpsMessage;
