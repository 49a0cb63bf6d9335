using Akka.Actor;
using Akka.Pattern;
using Akka.Persistence;
using Akka.Persistence.Sql.Snapshot;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// Akka.Persistence.Sql's snapshot store, answering every request even when its circuit breaker refuses it.
/// </summary>
/// <remarks>
/// In Akka 1.5.74 a half-open breaker refuses the calls that come while its one trial call is in flight by throwing
/// <see cref="OpenCircuitException"/> from the store's receive, not through the call's task. The store then fails
/// and restarts, and the request that found it half-open gets no answer: an account recovering at that moment hears
/// nothing for its snapshot and waits out the recovery timeout (30 s) before it can try again. That was the slow
/// mode of the database-outage spec: every record of that account, and the partition behind it, waited half a minute
/// after the database was back. Here the refusal is the answer the request would have had from a failed call, and
/// the requester fails or retries at once.
/// </remarks>
public sealed class AnsweringSnapshotStore(Akka.Configuration.Config config) : SqlSnapshotStore(config)
{
    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        catch (OpenCircuitException refused) when (Refusal(message, refused) is { } answer)
        {
            Sender.Tell(answer);
            return true;
        }
    }

    /// <summary>The failure a request gets when the breaker refuses it; null for anything that is not a request.</summary>
    internal static ISnapshotResponse? Refusal(object message, Exception cause) => message switch
    {
        LoadSnapshot => new LoadSnapshotFailed(cause),
        SaveSnapshot save => new SaveSnapshotFailure(save.Metadata, cause),
        DeleteSnapshot delete => new DeleteSnapshotFailure(delete.Metadata, cause),
        DeleteSnapshots delete => new DeleteSnapshotsFailure(delete.Criteria, cause),
        _ => null,
    };
}
