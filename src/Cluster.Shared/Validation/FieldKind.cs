using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.Validation;

/// <summary>What a field of event data must look like; mirrors the keywords in <c>schemas/*.json</c>.</summary>
public enum FieldKind
{
    /// <summary>A string of 1–64 characters.</summary>
    Id,
    /// <summary>A JSON number greater than 0 with at most 2 decimals.</summary>
    Amount,
    /// <summary>A JSON number of at least 0 with at most 2 decimals.</summary>
    Balance,
    /// <summary>Three upper-case letters A–Z.</summary>
    Currency,
    /// <summary>Two upper-case letters A–Z.</summary>
    Country,
    /// <summary>An RFC 3339 date-time string.</summary>
    Time,
    /// <summary>A non-empty string.</summary>
    Text,
    /// <summary>A JSON integer of at least 0.</summary>
    Version,
    /// <summary>One of <see cref="DeclineReasons"/>.</summary>
    DeclineReason,
    /// <summary>The revision of a window's first close: the integer 1.</summary>
    ClosingRevision,
    /// <summary>The revision of a restatement: an integer from 2 to <see cref="int.MaxValue"/>.</summary>
    RestatedRevision,
    /// <summary>An object mapping currencies (three upper-case letters A–Z) to <c>{ count, amount }</c>: a count of
    /// at least 1 and an amount greater than 0 with at most 2 decimals (a sum: no limit but the range of decimal).</summary>
    CurrencyTotals,
    /// <summary>An object mapping <see cref="DeclineReasons"/> to counts of at least 1.</summary>
    DeclineCounts,
    /// <summary>An object mapping dead-letter reasons (<c>dlq_reason</c> as read: 1–256 printable characters, see
    /// <see cref="DeadLetterReasons"/>) to counts of at least 1.</summary>
    DeadLetterCounts,
    /// <summary>An object of <see cref="LatencyFigures"/>: six integers of at least 0.</summary>
    Latency,
    /// <summary>An object of <see cref="DataQuality"/>: a share from 0 to 1 and five integers of at least 0.</summary>
    Quality,
    /// <summary>A string of at least 1 printable character, of any length: a rule's value or an operator's reason
    /// (<c>payments.rules.updated.v1</c>; a list of blocked accounts has no fixed length).</summary>
    RuleText,

    /// <summary>A whole number of at least 0 (a count of nodes).</summary>
    Count,

    /// <summary>One of <see cref="ScaleDecided.Reasons"/>.</summary>
    ScaleReason,

    /// <summary>The signals of a scaling decision: an object, or null (a manual decision before the first sample).</summary>
    ScaleSignals,
}
