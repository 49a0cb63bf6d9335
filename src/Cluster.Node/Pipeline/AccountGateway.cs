using Akka.Actor;
using Akka.Event;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// Asks the shard region to decide an input event. A timeout is not an answer: a message to a node that just
/// crashed can be lost, so the ask is repeated until an outcome arrives. The entity deduplicates, so asking twice
/// never decides twice.
/// </summary>
public sealed class AccountGateway(IActorRef region, TimeSpan askTimeout, ILoggingAdapter log)
{
    public async Task<IOutcomeEvent> Decide(DecideEvent command, CancellationToken abort = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await region.Ask<IOutcomeEvent>(command, askTimeout, abort).ConfigureAwait(false);
            }
            catch (AskTimeoutException) when (!abort.IsCancellationRequested)
            {
                log.Warning("Account {0} did not answer {1} within {2} (attempt {3}); asking again",
                    command.AccountId, command.Lineage.Source, askTimeout, attempt);
            }
        }
    }
}
