using Akka.Payments.Node.Accounts.Idempotency;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Accounts;

/// <summary>What <see cref="AccountState.Decide"/> concluded about one input event.</summary>
public abstract record Decision
{
    private Decision() { }

    /// <summary>The event is new: persist <paramref name="Event"/>, apply it, reply with its outcome.</summary>
    public sealed record Accepted(IAccountEvent Event) : Decision;

    /// <summary>The same request was decided before: reply with the first outcome, change nothing.</summary>
    public sealed record Duplicate(IOutcomeEvent FirstOutcome) : Decision;

    /// <summary>The request may have been decided before the recent window: look it up in the durable history, then
    /// reply with what it found or <see cref="AccountState.DecideNew"/> it.</summary>
    public sealed record CheckHistory(RequestKey Key) : Decision;

    /// <summary>The account cannot apply this input: change nothing, let the stream dead-letter the record.</summary>
    public sealed record Failed(string Error) : Decision;
}
