using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Accounts.Idempotency;

/// <summary>
/// What makes a redelivery recognisable as the same request within one account: the payment id or the credit id.
/// Credit ids and payment ids are separate namespaces.
/// </summary>
public readonly record struct RequestKey(bool IsCredit, string Id)
{
    public static RequestKey Of(IInputEvent input) => new(input is AccountCredited, input.RequestId);

    public static RequestKey Of(IOutcomeEvent outcome) => new(outcome is CreditApplied, outcome.RequestId);

    /// <summary>The stable text form, as stored in the request index and hashed into the filter: <c>c:id</c> or <c>p:id</c>.</summary>
    public string Text => (IsCredit ? "c:" : "p:") + Id;

    public override string ToString() => Text;
}
