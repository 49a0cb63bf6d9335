using Akka.Actor;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Node.Trust;

/// <summary>From the reading stream to the trust actor: count these records (in order); answered with
/// <see cref="RecordsCounted"/> once they are journaled. Local only: the stream runs beside the actor.</summary>
public sealed record CountRecords(IReadOnlyList<TrustInput> Records) : INoSerializationVerificationNeeded;

/// <summary>The records of a <see cref="CountRecords"/> are journaled: their offsets may be committed.</summary>
public sealed record RecordsCounted : INoSerializationVerificationNeeded
{
    public static RecordsCounted Instance { get; } = new();
}
