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

    public IOutcomeEvent Outcome => this switch
    {
        Accepted a => a.Event.Outcome,
        Duplicate d => d.FirstOutcome,
        _ => throw new InvalidOperationException(),
    };
}
