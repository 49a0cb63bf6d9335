using System.Text;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Validation;
using Confluent.Kafka;

namespace Akka.Payments.Shared.DeadLetters;

/// <summary>The <c>dlq_*</c> headers of a <see cref="Topics.DeadLetters"/> record, read back.</summary>
/// <param name="Reason">One of <see cref="DeadLetterReasons"/>.</param>
/// <param name="Source"><c>topic/partition/offset</c> of the original record.</param>
public sealed record DeadLetterHeaders(string Reason, string Error, string Source, DateTimeOffset? Time)
{
    public const string ReasonHeader = "dlq_reason";
    public const string ErrorHeader = "dlq_error";
    public const string SourceHeader = "dlq_source";
    public const string TimeHeader = "dlq_time";

    /// <summary>The dead-letter headers of a record, or <c>null</c> when it has no <c>dlq_reason</c>.</summary>
    public static DeadLetterHeaders? Read(Headers? headers)
    {
        var reason = Get(headers, ReasonHeader);
        if (reason is null) return null;
        var time = headers!.TryGetLastBytes(TimeHeader, out var t) && Rfc3339.TryParse(t, out var parsed) ? parsed : (DateTimeOffset?)null;
        return new DeadLetterHeaders(reason, Get(headers, ErrorHeader) ?? "", Get(headers, SourceHeader) ?? "", time);
    }

    /// <summary>Just the <c>dlq_reason</c>, for counting records by reason.</summary>
    public static string? ReadReason(Headers? headers) => Get(headers, ReasonHeader);

    private static string? Get(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
