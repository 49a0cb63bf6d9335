using System.Text.Json.Serialization;
using Akka.Payments.Shared.Ops;

namespace Akka.Payments.Shared.Management.Contracts;

/// <summary>One line of <c>GET /ops/dlq</c>.</summary>
/// <param name="Error">The first 200 characters of <c>dlq_error</c>.</param>
/// <param name="Attempts">How often it was replayed.</param>
public sealed record DeadLetterSummary(
    string Id, string Reason, string Error, string Source, string? Key, DateTimeOffset FirstSeen, string Status, int Attempts, bool Truncated);

/// <summary><c>GET /ops/dlq?reason=&amp;since=&amp;key=&amp;status=&amp;limit=</c>: the newest dead letters that match.</summary>
/// <param name="Matching">How many match in all (the list holds at most the limit).</param>
public sealed record DeadLetterListResponse(string Host, int Matching, IReadOnlyList<DeadLetterSummary> DeadLetters);

/// <summary><c>GET /ops/dlq/{id}</c>: everything stored about one dead letter, and readable previews.</summary>
/// <param name="ValuePreview">The value as text when it is UTF-8 (control characters escaped), else as hex; at most
/// 2,000 characters.</param>
/// <param name="HeaderPreviews">Each original header as text (or hex), in order.</param>
public sealed record DeadLetterResponse(string Host, DeadLetterEntry Entry, string ValuePreview, IReadOnlyList<HeaderPreview> HeaderPreviews);

public sealed record HeaderPreview(string Key, string Value);

/// <summary><c>GET /ops/dlq/stats</c>.</summary>
/// <param name="Duplicates">Dead letters of a rejection already stored.</param>
/// <param name="Unreadable">Records of <c>payments.dlq</c> without <c>dlq_reason</c>.</param>
/// <param name="Forgotten">Dead letters the store no longer keeps, the oldest beyond <c>Payments:Ops:MaxStored</c>
/// (still on <c>payments.dlq</c> for its retention); written only when not 0, so the v1 form is unchanged otherwise.</param>
public sealed record DeadLetterStatsResponse(string Host, int Total, int New, long Duplicates, long Unreadable, IReadOnlyList<ReasonStats> Reasons,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long Forgotten = 0);

/// <summary>The dead letters of one reason.</summary>
/// <param name="Errors">Per error message: how many, and one id to look at.</param>
public sealed record ReasonStats(string Reason, int Count, int New, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<ErrorExample> Errors);

public sealed record ErrorExample(string Error, int Count, string ExampleId);

/// <summary><c>POST /ops/dlq/replay</c>: what will be (or, with <c>dryRun</c>, would be) sent back to
/// <c>payments.requested</c>, and what is refused and why.</summary>
/// <param name="JobId">The replay's id; null for a dry run or when nothing is eligible.</param>
public sealed record ReplayResponse(string Host, string? JobId, bool DryRun, double RatePerSecond, IReadOnlyList<string> Eligible, IReadOnlyList<RefusedReplay> Refused);

public sealed record RefusedReplay(string Id, string Why);

/// <summary>The body of <c>POST /ops/dlq/replay</c>: <paramref name="Ids"/>, or else every dead letter of a reason
/// and/or since a time.</summary>
/// <param name="CorrectedValue">Sent instead of each stored value (<c>--value-file</c>), base64 in JSON.</param>
public sealed record ReplayRequest(
    IReadOnlyList<string>? Ids, string? Reason, DateTimeOffset? Since, bool DryRun, double RatePerSecond, byte[]? CorrectedValue);

/// <summary>The body of <c>POST /ops/dlq/purge</c>: which dead letters, and why (required).</summary>
public sealed record PurgeRequest(IReadOnlyList<string>? Ids, string? Reason, DateTimeOffset? Since, string Why);

/// <summary>The answer to a purge.</summary>
public sealed record PurgeResponse(string Host, IReadOnlyList<string> Purged, IReadOnlyList<RefusedReplay> Refused);

/// <summary><c>GET /ops/dlq/replays</c>: every replay and how far it got, newest first.</summary>
public sealed record ReplayJobsResponse(string Host, IReadOnlyList<ReplayJobView> Jobs);

/// <param name="Ended">Why it ended (<c>done</c>, …); null while it runs.</param>
public sealed record ReplayJobView(string JobId, int Total, int Produced, double RatePerSecond, bool Corrected, string By, DateTimeOffset At, string? Ended);
