namespace Akka.Payments.Shared.Events;

/// <summary>Why a payment was declined, in order of precedence: when several apply, the first one is the reason.</summary>
public static class DeclineReasons
{
    public const string CurrencyNotAllowed = "currency_not_allowed";
    public const string CountryBlocked = "country_blocked";
    public const string AccountBlocked = "account_blocked";
    public const string AmountOverLimit = "amount_over_limit";
    public const string VelocityExceeded = "velocity_exceeded";
    public const string DailyLimitExceeded = "daily_limit_exceeded";
    public const string InsufficientFunds = "insufficient_funds";

    public static readonly IReadOnlyList<string> InPrecedenceOrder =
    [
        CurrencyNotAllowed, CountryBlocked, AccountBlocked, AmountOverLimit,
        VelocityExceeded, DailyLimitExceeded, InsufficientFunds,
    ];
}
