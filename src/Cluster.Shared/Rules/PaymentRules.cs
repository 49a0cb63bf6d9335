namespace Akka.Payments.Shared.Rules;

/// <summary>
/// The versioned rule set every account decides with. Bound from the <c>Rules:</c> configuration section
/// (for example <c>Rules__MaxAmount=5000</c>); the control plane will change it at run time.
/// </summary>
public sealed record PaymentRules
{
    public long Version { get; init; } = 1;
    public IReadOnlySet<string> AllowedCurrencies { get; init; } = new HashSet<string>(["EUR", "USD", "GBP", "CHF"]);
    public IReadOnlySet<string> BlockedCountries { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> BlockedAccounts { get; init; } = new HashSet<string>();

    /// <summary>The largest amount one payment may have.</summary>
    public decimal MaxAmount { get; init; } = 10_000m;

    /// <summary>Confirmed payments allowed in the 60 seconds up to a payment's <c>requestedAt</c>.</summary>
    public int VelocityPerMinute { get; init; } = 60;

    /// <summary>The confirmed total per account and currency on one UTC day.</summary>
    public decimal DailyLimit { get; init; } = 50_000m;

    public static PaymentRules Default { get; } = new();
}
