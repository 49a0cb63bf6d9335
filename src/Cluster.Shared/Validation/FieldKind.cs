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
}
