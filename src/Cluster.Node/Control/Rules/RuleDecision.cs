using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Control.Rules;

/// <summary>What <see cref="RuleBook.Decide"/> concluded about one <see cref="SetRule"/>.</summary>
public abstract record RuleDecision
{
    private RuleDecision() { }

    /// <summary>The change is accepted: persist <paramref name="Event"/>, apply it, spread the new rules.</summary>
    public sealed record Changed(RuleChanged Event) : RuleDecision;

    /// <summary>The change is not made, and <paramref name="Reason"/> tells the operator why: nothing changes, no
    /// version is used up.</summary>
    public sealed record Refused(string Reason) : RuleDecision;
}
