using System.Globalization;
using System.Text;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Validation;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.DeadLetters;

/// <summary>The <c>dlq_*</c> headers of a <see cref="Topics.DeadLetters"/> record, read back.</summary>
/// <param name="Reason">One of <see cref="DeadLetterReasons"/>.</param>
/// <param name="Source"><c>topic/partition/offset</c> of the original record.</param>
/// <param name="Truncated"><c>dlq_truncated</c>: the dead letter carries a cut copy of the original (see <see cref="DeadLetterMessages"/>).</param>
/// <param name="OriginalBytes"><c>dlq_original_bytes</c>: the original's size (key + value + headers) when truncated.</param>
/// <param name="DroppedHeaders"><c>dlq_dropped_headers</c>: how many original headers were left out.</param>
public sealed record DeadLetterHeaders(
    string Reason,
    string Error,
    string Source,
    DateTimeOffset? Time,
    bool Truncated = false,
    long? OriginalBytes = null,
    int DroppedHeaders = 0)
{
    public const string ReasonHeader = "dlq_reason";
    public const string ErrorHeader = "dlq_error";
    public const string SourceHeader = "dlq_source";
    public const string TimeHeader = "dlq_time";
    public const string TruncatedHeader = "dlq_truncated";
    public const string OriginalBytesHeader = "dlq_original_bytes";
    public const string DroppedHeadersHeader = "dlq_dropped_headers";

    /// <summary>The dead-letter headers of a record, or <c>null</c> when it has no <c>dlq_reason</c>.</summary>
    public static DeadLetterHeaders? Read(Headers? headers)
    {
        var reason = Get(headers, ReasonHeader);
        if (reason is null) return null;
        var time = headers!.TryGetLastBytes(TimeHeader, out var t) && Rfc3339.TryParse(t, out var parsed) ? parsed : (DateTimeOffset?)null;
        return new DeadLetterHeaders(reason, Get(headers, ErrorHeader) ?? "", Get(headers, SourceHeader) ?? "", time,
            Truncated: Get(headers, TruncatedHeader) == "true",
            OriginalBytes: long.TryParse(Get(headers, OriginalBytesHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            DroppedHeaders: int.TryParse(Get(headers, DroppedHeadersHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 0);
    }

    /// <summary>Just the <c>dlq_reason</c>, for counting records by reason.</summary>
    public static string? ReadReason(Headers? headers) => Get(headers, ReasonHeader);

    private static string? Get(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
