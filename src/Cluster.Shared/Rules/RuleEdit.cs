using Akka.Payments.Shared.Validation;

namespace Akka.Payments.Shared.Rules;

/// <summary>What <see cref="RuleKey.Edit"/> made of one value for one rule.</summary>
public abstract record RuleEdit
{
    private RuleEdit() { }

    /// <summary>A new value: the rules with it (the same <see cref="PaymentRules.Version"/>: who versions a change
    /// decides that), and <paramref name="Value"/> as <see cref="RuleKey.Render"/> writes it.</summary>
    public sealed record Set(PaymentRules Rules, string Value) : RuleEdit;

    /// <summary>The value the rule already has (perhaps written differently: <c>5000.0</c> for <c>5000</c>, or a
    /// list in another order).</summary>
    public sealed record Unchanged(string Value) : RuleEdit;

    /// <summary>Not a value of the rule: nothing changes.</summary>
    /// <param name="Key">The rule's name (<see cref="RuleKey.Name"/>).</param>
    /// <param name="Expected">What the rule takes, with what is wrong in <paramref name="Got"/> when a part of it is.</param>
    /// <param name="Got">The value as given.</param>
    public sealed record Invalid(string Key, string Expected, string Got) : RuleEdit
    {
        /// <summary>The refusal as an operator reads it: <c>maxAmount must be a decimal greater than 0, got 'abc'</c>.</summary>
        public string Reason => $"{Key} must be {Expected}, got '{InputLimits.Excerpt(Got)}'";
    }
}
