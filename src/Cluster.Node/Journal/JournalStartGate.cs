using Akka.Actor;
using Akka.Persistence;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// Proves the journal works before the node takes payments: a replay request for a probe id, answered only once
/// the plugin has initialized (created or checked its tables) and read from the database. Akka.Persistence.Sql
/// retries a failed initialization forever, logging each failure; without this gate the node would start its
/// stream and ask entities that can never persist.
/// </summary>
public static class JournalStartGate
{
    private const string ProbeId = "payments-node/journal-start-probe";

    public static async Task WaitUntilWorking(ActorSystem system, TimeSpan patience, CancellationToken cancellation)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        object reply;
        try
        {
            reply = await journal.Ask<object>(probe => new ReplayMessages(1, 0, 0, ProbeId, probe), patience, cancellation)
                .ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new JournalNotWorkingException(
                $"the journal did not start within {patience.TotalSeconds:0} s (Journal:StartTimeout); its errors are logged above. " +
                "Check Journal:ConnectionString, and that the database lets this user create and use the journal's tables");
        }
        if (reply is ReplayMessagesFailure failure)
            throw new JournalNotWorkingException($"the journal cannot read from its database: {failure.Cause.Message}");
    }
}

/// <summary>The journal did not prove it works at start: the node stops rather than take payments it cannot persist.</summary>
public sealed class JournalNotWorkingException(string message) : Exception(message);
