using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Rules;

/// <summary>
/// The rule set this node decides with, from the <c>Rules:</c> configuration. An entity takes <see cref="Current"/>
/// once per decision, so the control plane (issue 13) can make it swappable here without touching the entities.
/// </summary>
public sealed class RulesHolder(PaymentRules initial)
{
    public PaymentRules Current { get; } = initial;
}
