using Akka.Actor;
using Akka.Event;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// Asks the shard region to decide an input event. A timeout is not an answer: a message to a node that just
/// crashed can be lost, and a shard region drops what it buffered for a shard that is handed off, so the ask is
/// repeated until the entity answers — with an outcome or with
/// <see cref="DecisionFailed"/> — or until <c>abort</c> is cancelled (the stream run ended, the record's partition
/// was revoked, the ActorSystem terminated) or the shard region stops; then it throws
/// <see cref="OperationCanceledException"/> and never asks again. The entity deduplicates, so asking twice never
/// decides twice. The first wait is short and each later one twice the one before, up to the longest: a lost ask is
/// repeated within seconds, and an entity that is only slow is asked again less and less often.
/// </summary>
/// <remarks>
/// The region stops for good when the node is downed (Akka stops it at once, before the coordinated shutdown drains the
/// stream): from then on every ask goes to dead letters, and retrying on timeout would hold the drain, and the Kafka
/// partitions whose records wait for an answer, until the drain's phase times out (30 s). Its records are the next
/// owner's to decide.
/// </remarks>
public sealed class AccountGateway
{
    private readonly IActorRef _region;
    private readonly TimeSpan _firstAskTimeout;
    private readonly TimeSpan _askTimeout;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _regionStopped = new();
    private long _pending;

    /// <param name="askTimeout">The longest wait for an answer before asking again.</param>
    /// <param name="firstAskTimeout">The first wait (at most <paramref name="askTimeout"/>); by default the longest.</param>
    public AccountGateway(IActorRef region, TimeSpan askTimeout, ILoggingAdapter log, TimeSpan? firstAskTimeout = null)
    {
        _region = region;
        _askTimeout = askTimeout;
        _firstAskTimeout = firstAskTimeout is { } first && first < askTimeout ? first : askTimeout;
        _log = log;
        _ = region.WatchAsync().ContinueWith(_ => _regionStopped.Cancel(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>True once the shard region has stopped: nothing asked through it will ever be answered.</summary>
    public bool RegionStopped => _regionStopped.IsCancellationRequested;

    /// <summary>Asks started and not finished yet (answered, failed or cancelled), for metrics and tests.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public async Task<AccountAnswer> Decide(DecideEvent command, CancellationToken abort = default)
    {
        Interlocked.Increment(ref _pending);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort, _regionStopped.Token);
            var timeout = _firstAskTimeout;
            for (var attempt = 1; ; attempt++, timeout = Longer(timeout))
            {
                stop.Token.ThrowIfCancellationRequested();
                try
                {
                    var reply = await _region.Ask<object>(command, timeout, stop.Token).ConfigureAwait(false);
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
                catch (AskTimeoutException) when (!stop.IsCancellationRequested)
                {
                    _log.Warning("Account {0} did not answer {1} within {2} (attempt {3}); asking again",
                        command.AccountId, command.Lineage.Source, timeout, attempt);
                }
                catch (AskTimeoutException) // timed out just as it was cancelled: cancelled wins
                {
                    throw new OperationCanceledException(stop.Token);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private TimeSpan Longer(TimeSpan timeout) => timeout >= _askTimeout / 2 ? _askTimeout : timeout * 2;
}
