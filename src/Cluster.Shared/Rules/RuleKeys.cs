namespace Akka.Payments.Shared.Rules;

/// <summary>
/// The rules an operator can set (<c>payctl control rules set &lt;key&gt; &lt;value&gt; --reason ...</c>) and a node
/// reads from its <c>Rules:</c> configuration at start, with the same parsers (<see cref="RuleValues"/>) for both, so
/// that a value one accepts the other never refuses. <see cref="PaymentRules.Version"/> is not a key: the control
/// plane versions every change.
/// </summary>
public static class RuleKeys
{
    public const string MaxAmount = "maxAmount";
    public const string DailyLimit = "dailyLimit";
    public const string VelocityPerMinute = "velocityPerMinute";
    public const string AllowedCurrencies = "allowedCurrencies";
    public const string BlockedCountries = "blockedCountries";
    public const string BlockedAccounts = "blockedAccounts";

    /// <summary>Most confirmed payments per minute a rule can allow; 0 declines every payment.</summary>
    public const int MaxVelocityPerMinute = 1_000_000;

    private static readonly Func<decimal, decimal, bool> SameDecimal = (a, b) => a == b;
    private static readonly Func<IReadOnlySet<string>, IReadOnlySet<string>, bool> SameSet = (a, b) => a.SetEquals(b);

    /// <summary>Every key, in the order <c>rules show</c> lists them.</summary>
    public static IReadOnlyList<RuleKey> All { get; } =
    [
        new RuleKey<decimal>(MaxAmount, "Rules:MaxAmount", "a decimal greater than 0",
            RuleValues.TryPositiveDecimal, r => r.MaxAmount, (r, v) => r with { MaxAmount = v }, RuleValues.Render, SameDecimal),
        new RuleKey<decimal>(DailyLimit, "Rules:DailyLimit", "a decimal greater than 0",
            RuleValues.TryPositiveDecimal, r => r.DailyLimit, (r, v) => r with { DailyLimit = v }, RuleValues.Render, SameDecimal),
        new RuleKey<int>(VelocityPerMinute, "Rules:VelocityPerMinute",
            $"a whole number from 0 (no payment confirmed) to {MaxVelocityPerMinute}",
            RuleValues.WholeNumber(0, MaxVelocityPerMinute), r => r.VelocityPerMinute, (r, v) => r with { VelocityPerMinute = v },
            RuleValues.Render, (a, b) => a == b),
        new RuleKey<IReadOnlySet<string>>(AllowedCurrencies, "Rules:AllowedCurrencies",
            "comma-separated codes of 3 upper-case letters, at least one",
            RuleValues.CodeSet(3, emptyAllowed: false), r => r.AllowedCurrencies, (r, v) => r with { AllowedCurrencies = v },
            RuleValues.Render, SameSet),
        new RuleKey<IReadOnlySet<string>>(BlockedCountries, "Rules:BlockedCountries",
            $"comma-separated codes of 2 upper-case letters, or '{RuleValues.None}' for none",
            RuleValues.CodeSet(2, emptyAllowed: true), r => r.BlockedCountries, (r, v) => r with { BlockedCountries = v },
            RuleValues.Render, SameSet),
        new RuleKey<IReadOnlySet<string>>(BlockedAccounts, "Rules:BlockedAccounts",
            $"comma-separated account ids, or '{RuleValues.None}' for none",
            RuleValues.TryIdSet, r => r.BlockedAccounts, (r, v) => r with { BlockedAccounts = v },
            RuleValues.Render, SameSet),
    ];

    /// <summary>The key named <paramref name="name"/> (any case: <c>maxamount</c> is <c>maxAmount</c>), or null.</summary>
    public static RuleKey? Find(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Why <paramref name="name"/> is not a key, naming the keys there are.</summary>
    public static string Unknown(string name) =>
        $"there is no rule '{Validation.InputLimits.Excerpt(name)}'; the rules are {string.Join(", ", All.Select(k => k.Name))}";

    /// <summary>Every rule's value as <see cref="RuleKey.Render"/> writes it, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Show(PaymentRules rules) =>
        All.Select(k => KeyValuePair.Create(k.Name, k.Render(rules))).ToList();
}
