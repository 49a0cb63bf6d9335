using Akka.Actor;
using Akka.Event;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// Asks the shard region to decide an input event. A timeout is not an answer: a message to a node that just
/// crashed can be lost, so the ask is repeated until the entity answers — with an outcome or with
/// <see cref="DecisionFailed"/> — or until <c>abort</c> is cancelled (the stream run ended, the record's partition
/// was revoked, the ActorSystem terminated); then it throws <see cref="OperationCanceledException"/> and never asks
/// again. The entity deduplicates, so asking twice never decides twice.
/// </summary>
public sealed class AccountGateway(IActorRef region, TimeSpan askTimeout, ILoggingAdapter log)
{
    private long _pending;

    /// <summary>Asks started and not finished yet (answered, failed or cancelled), for metrics and tests.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public async Task<AccountAnswer> Decide(DecideEvent command, CancellationToken abort = default)
    {
        Interlocked.Increment(ref _pending);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                abort.ThrowIfCancellationRequested();
                try
                {
                    var reply = await region.Ask<object>(command, askTimeout, abort).ConfigureAwait(false);
                    return reply switch
                    {
                        IOutcomeEvent outcome => AccountAnswer.Decided(outcome),
                        DecisionFailed failed => AccountAnswer.Failed(failed),
                        Status.Failure failure => throw new InvalidOperationException(
                            $"Account {command.AccountId} answered {command.Lineage.Source} with a failure", failure.Cause),
                        _ => throw new InvalidOperationException(
                            $"Account {command.AccountId} answered {command.Lineage.Source} with an unexpected {reply?.GetType().Name ?? "null"}"),
                    };
                }
                catch (AskTimeoutException) when (!abort.IsCancellationRequested)
                {
                    log.Warning("Account {0} did not answer {1} within {2} (attempt {3}); asking again",
                        command.AccountId, command.Lineage.Source, askTimeout, attempt);
                }
                catch (AskTimeoutException) // timed out just as it was cancelled: cancelled wins
                {
                    throw new OperationCanceledException(abort);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }
}
