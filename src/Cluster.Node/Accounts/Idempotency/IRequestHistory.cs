using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Node.Accounts.Idempotency;

/// <summary>
/// Durable memory of what an account decided: asked only when the <see cref="RequestFilter"/> says an input may be
/// a request decided before and the in-memory window does not hold it.
/// </summary>
public interface IRequestHistory
{
    /// <summary>The journaled event of <paramref name="persistenceId"/> that decided <paramref name="key"/>, or null
    /// when the account never decided it (a false positive of the filter).</summary>
    Task<IAccountEvent?> Find(string persistenceId, RequestKey key, CancellationToken cancellation = default);

    /// <summary>The journaled filter stages of <paramref name="persistenceId"/> at <paramref name="sequenceNrs"/>, by
    /// sequence number: what a snapshot refers to instead of carrying their bits. A number at which the journal holds
    /// no such stage is missing from the answer.</summary>
    Task<IReadOnlyDictionary<long, RequestFilterStageSealed>> ReadFilterStages(string persistenceId, IReadOnlyCollection<long> sequenceNrs,
        CancellationToken cancellation = default);
}
