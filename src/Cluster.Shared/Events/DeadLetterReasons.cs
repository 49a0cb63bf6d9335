namespace Akka.Payments.Shared.Events;

/// <summary>Values of the <c>dlq_reason</c> header on <see cref="Topics.DeadLetters"/>.</summary>
public static class DeadLetterReasons
{
    /// <summary>Not a CloudEvent we can read: missing or broken headers, or data that is not JSON.</summary>
    public const string Undecodable = "undecodable";

    /// <summary>A well-formed CloudEvent of a type we do not process.</summary>
    public const string UnknownType = "unknown_type";

    /// <summary>A known type whose data breaks its JSON Schema (ids, amounts, currency, country, times).</summary>
    public const string SchemaViolation = "schema_violation";

    /// <summary>A record larger than the configured maximum.</summary>
    public const string Oversize = "oversize";

    /// <summary>A valid record that its account entity failed to decide (see <c>DecisionFailed</c>): dead-lettered
    /// and committed so that the account's next record is decided, instead of the partition stalling.</summary>
    public const string DecisionFailed = "decision_failed";

    /// <summary>The reasons decoding and validation give, i.e. those a record can earn by its bytes alone.</summary>
    public static readonly IReadOnlyList<string> All = [Undecodable, UnknownType, SchemaViolation, Oversize];
}
