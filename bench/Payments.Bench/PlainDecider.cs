using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Rules;
using Confluent.Kafka;

namespace Akka.Payments.Bench;

/// <summary>
/// One request decided as the peers that are not ours decide it (the baseline loop, the Streamiz processor): the
/// node's decoder, the pure <see cref="AccountState"/> with <see cref="Relaxed"/> rules, and the node's outcome
/// and dead-letter messages. What each peer does to make an accepted event durable (a journal row, a state store) is
/// its own.
/// </summary>
public sealed class PlainDecider
{
    /// <summary>The defaults with the velocity and daily limits out of reach, so that the load's few hundred payments per
    /// account per minute are decided on balance and amount alone (ours gets the same through its Rules settings, see
    /// <see cref="Harness.SystemUnderTest"/>).</summary>
    public static PaymentRules Relaxed { get; } = PaymentRules.Default with { VelocityPerMinute = 1_000_000, DailyLimit = 1_000_000_000m };

    private readonly KafkaCloudEventDecoder _decoder = new();

    /// <param name="Topic">Where <paramref name="Message"/> goes: the outcomes or the dead letters.</param>
    /// <param name="Account">The account that accepted the event, with the event applied; null unless accepted.</param>
    /// <param name="Accepted">The event to make durable; null when nothing changed.</param>
    public readonly record struct Result(string Topic, Message<string, byte[]> Message, AccountState? Account, IAccountEvent? Accepted);

    /// <param name="accountOf">The account's live state, created on first use.</param>
    public Result Decide(ConsumeResult<string, byte[]> record, Func<string, AccountState> accountOf, DateTimeOffset now)
    {
        var decoded = _decoder.Decode(record);
        if (decoded.Rejection is { } rejection)
            return new Result(Topics.DeadLetters, DeadLetterMessages.Build(record, rejection, now), null, null);

        var input = decoded.Input!;
        var source = $"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}";
        var account = accountOf(input.Event.AccountId);
        var command = new DecideEvent(input.Event, new Lineage(input.Id, source));
        var decision = account.Decide(command, Relaxed, now);
        // The peers keep no request index: a request the filter flags (a replay, or a false positive under 1%) is
        // decided as new. The bench sends no replays, so this costs them nothing they should pay.
        if (decision is Decision.CheckHistory) decision = account.DecideNew(command, Relaxed, now);
        switch (decision)
        {
            case Decision.Accepted accepted:
                account.Apply(accepted.Event);
                return new Result(Topics.Processed, OutcomeMessages.ToMessage(accepted.Event.Outcome), account, accepted.Event);
            case Decision.Duplicate duplicate:
                return new Result(Topics.Processed, OutcomeMessages.ToMessage(duplicate.FirstOutcome), null, null);
            case Decision.Failed failed:
                return new Result(Topics.DeadLetters,
                    DeadLetterMessages.Build(record, new Rejection(DeadLetterReasons.DecisionFailed, failed.Error), now), null, null);
            default:
                throw new InvalidOperationException($"unexpected decision {decision.GetType().Name}");
        }
    }
}
