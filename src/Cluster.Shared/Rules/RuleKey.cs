namespace Akka.Payments.Shared.Rules;

/// <summary>
/// One rule of <see cref="PaymentRules"/> an operator can set: its name (<c>payctl control rules set maxAmount 5000</c>),
/// its configuration key (<c>Rules:MaxAmount</c>), what it takes, and how its value is read and written as text.
/// The keys are in <see cref="RuleKeys"/>.
/// </summary>
public abstract class RuleKey
{
    private protected RuleKey(string name, string configKey, string expected)
    {
        Name = name;
        ConfigKey = configKey;
        Expected = expected;
    }

    /// <summary>The name operators use (<c>maxAmount</c>); found case-insensitively by <see cref="RuleKeys.Find"/>.</summary>
    public string Name { get; }

    /// <summary>The configuration key a node starts with (<c>Rules:MaxAmount</c>, env <c>Rules__MaxAmount</c>).</summary>
    public string ConfigKey { get; }

    /// <summary>What the rule takes, as a phrase (<c>a decimal greater than 0</c>).</summary>
    public string Expected { get; }

    /// <summary>The rule's current value as text, in the form <see cref="Edit"/> reads back (for <c>rules show</c> and
    /// the old and new values of a change).</summary>
    public abstract string Render(PaymentRules rules);

    /// <summary>Reads <paramref name="value"/> and sets the rule in <paramref name="rules"/> to it: a new value, the
    /// value it already has, or why it is not a value of this rule. Pure: <paramref name="rules"/> is not touched.</summary>
    public abstract RuleEdit Edit(PaymentRules rules, string value);

    public override string ToString() => Name;
}

/// <summary>A rule of type <typeparamref name="T"/>: a parser, a getter, a setter and how to write and compare it.</summary>
internal sealed class RuleKey<T>(
    string name,
    string configKey,
    string expected,
    RuleValues.Parser<T> parse,
    Func<PaymentRules, T> get,
    Func<PaymentRules, T, PaymentRules> set,
    Func<T, string> render,
    Func<T, T, bool> same) : RuleKey(name, configKey, expected)
{
    public override string Render(PaymentRules rules) => render(get(rules));

    public override RuleEdit Edit(PaymentRules rules, string value)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(value);
        if (!parse(value, out var parsed, out var detail))
            return new RuleEdit.Invalid(Name, detail is null ? Expected : $"{Expected} ({detail})", value);
        if (same(get(rules), parsed)) return new RuleEdit.Unchanged(render(parsed));
        return new RuleEdit.Set(set(rules, parsed), render(parsed));
    }
}
