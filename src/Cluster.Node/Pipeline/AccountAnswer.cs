using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// The entity's answer to a <see cref="DecideEvent"/>: either its outcome, or <see cref="DecisionFailed"/> when it
/// could not decide the record (the stream dead-letters it and goes on with the account's next record).
/// </summary>
public readonly record struct AccountAnswer(IOutcomeEvent? Outcome, DecisionFailed? Failure)
{
    public static AccountAnswer Decided(IOutcomeEvent outcome) => new(outcome, null);
    public static AccountAnswer Failed(DecisionFailed failure) => new(null, failure);
}
