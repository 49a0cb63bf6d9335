using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Rules;

/// <summary>
/// The rule set this node decides with. Starts from the <c>Rules:</c> configuration; the control plane will swap in
/// new versions at run time. Reads are lock-free: an entity takes <see cref="Current"/> once per decision.
/// </summary>
public sealed class RulesHolder(PaymentRules initial)
{
    private volatile PaymentRules _current = initial;

    public PaymentRules Current => _current;

    public void Replace(PaymentRules rules) => _current = rules;
}
