using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.DeadLetters;

/// <summary>Why a record cannot be processed: it goes to <see cref="Topics.DeadLetters"/> with these as headers.</summary>
/// <param name="Reason">One of <see cref="DeadLetterReasons"/>.</param>
/// <param name="Error">A human-readable message that names the problem (the field, the header, the limit).</param>
public sealed record Rejection(string Reason, string Error)
{
    public static Rejection Undecodable(string error) => new(DeadLetterReasons.Undecodable, error);
    public static Rejection UnknownType(string error) => new(DeadLetterReasons.UnknownType, error);
    public static Rejection SchemaViolation(string error) => new(DeadLetterReasons.SchemaViolation, error);
    public static Rejection Oversize(string error) => new(DeadLetterReasons.Oversize, error);
}
