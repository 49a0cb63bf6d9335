using Akka.Payments.Node.Accounts.Idempotency;
using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// Finds the event that decided a request through the <see cref="RequestIndex"/>, then reads that event from the
/// journal and believes the index only when the event answers the same request: a row written for a group whose
/// commit then failed points at a sequence number that is empty or holds another decision. Also reads the filter
/// stages an account journaled, by sequence number, straight from the journal.
/// </summary>
public sealed class IndexedRequestHistory(RequestIndex index, Akka.Serialization.Serialization serialization) : IRequestHistory
{
    public async Task<IAccountEvent?> Find(string persistenceId, RequestKey key, CancellationToken cancellation = default)
    {
        var row = await index.ReadDecidingEvent(persistenceId, key.Text, cancellation).ConfigureAwait(false);
        if (row is null) return null;
        var stored = serialization.Deserialize(row.Message, row.SerializerId, row.Manifest);
        return stored is IAccountEvent e && RequestKey.Of(e.Outcome) == key ? e : null;
    }

    public async Task<IReadOnlyDictionary<long, RequestFilterStageSealed>> ReadFilterStages(string persistenceId,
        IReadOnlyCollection<long> sequenceNrs, CancellationToken cancellation = default)
    {
        var rows = await index.ReadJournalRows(persistenceId, sequenceNrs, cancellation).ConfigureAwait(false);
        var stages = new Dictionary<long, RequestFilterStageSealed>(rows.Count);
        foreach (var (sequenceNr, row) in rows)
            if (serialization.Deserialize(row.Message, row.SerializerId, row.Manifest) is RequestFilterStageSealed stage)
                stages[sequenceNr] = stage;
        return stages;
    }
}
