using System.Text.Json.Serialization;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.Accounts;

/// <summary>A message for one account entity; the shard region routes it by <see cref="AccountId"/>.</summary>
public interface IAccountMessage
{
    string AccountId { get; }
}

/// <summary>Where an input event came from: carried into its outcome as lineage.</summary>
/// <param name="EventId">The input's CloudEvents <c>id</c>.</param>
/// <param name="Source"><c>topic/partition/offset</c> of the input record.</param>
public sealed record Lineage(string EventId, string Source);

/// <summary>Ask an account to decide one input event; the reply is its <see cref="IOutcomeEvent"/>.</summary>
public sealed record DecideEvent(IInputEvent Input, Lineage Lineage) : IAccountMessage
{
    [JsonIgnore]
    public string AccountId => Input.AccountId;
}

/// <summary>
/// The reply to a <see cref="DecideEvent"/> that the entity could not decide (a bug, or state it cannot handle): the
/// stream dead-letters the record with reason <c>decision_failed</c> and this error, commits it and goes on with the
/// account's next record, instead of asking again forever. Nothing was applied or persisted.
/// </summary>
/// <param name="RequestId">The payment or credit id of the input.</param>
/// <param name="Error">What went wrong, short enough for a Kafka header.</param>
public sealed record DecisionFailed(string AccountId, string RequestId, string Error);

/// <summary>Ask an account for its current state; the reply is an <see cref="AccountView"/>.</summary>
public sealed record GetAccount(string AccountId) : IAccountMessage;

/// <summary>What an account looks like from outside.</summary>
/// <param name="Today">The UTC day <paramref name="ConfirmedToday"/> is about (the entity's clock when it answered).</param>
/// <param name="ConfirmedToday">Per currency, the total of payments confirmed with a requestedAt on <paramref name="Today"/>.</param>
/// <param name="LastOutcomes">The latest outcomes, newest first.</param>
public sealed record AccountView(
    string AccountId,
    IReadOnlyDictionary<string, decimal> Balances,
    IReadOnlyList<IOutcomeEvent> LastOutcomes,
    long EventCount,
    DateOnly Today,
    IReadOnlyDictionary<string, decimal> ConfirmedToday);
