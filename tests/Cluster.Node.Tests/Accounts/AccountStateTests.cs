using Akka.Payments.Node.Accounts;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Tests.Accounts;

public sealed class AccountStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly AccountState _account = new("acc-1");
    private int _offset;

    private IOutcomeEvent Run(IInputEvent input, PaymentRules? rules = null)
    {
        var decision = _account.Decide(new DecideEvent(input, new Lineage($"ev-{_offset}", $"payments.requested/0/{_offset++}")),
            rules ?? PaymentRules.Default, Now);
        if (decision is Decision.Accepted accepted) _account.Apply(accepted.Event);
        return decision.Outcome;
    }

    private static AccountCredited Credit(decimal amount, string currency = "EUR", string? id = null) =>
        new(id ?? Guid.NewGuid().ToString("N"), "acc-1", amount, currency, T0);

    private static PaymentRequested Pay(decimal amount, string currency = "EUR", string country = "DE",
        DateTimeOffset? at = null, string? id = null) =>
        new(id ?? Guid.NewGuid().ToString("N"), "acc-1", "shop-1", amount, currency, country, at ?? T0);

    private static string? ReasonOf(IOutcomeEvent outcome) => (outcome as PaymentDeclined)?.Reason;

    [Fact]
    public void A_credit_applies_and_reports_the_new_balance()
    {
        var outcome = Assert.IsType<CreditApplied>(Run(Credit(100.50m)));
        Assert.Equal(100.50m, outcome.BalanceAfter);
        Assert.Equal(100.50m, _account.BalanceOf("EUR"));
    }

    [Fact]
    public void A_credit_in_a_currency_that_payments_may_not_use_still_applies()
    {
        Assert.IsType<CreditApplied>(Run(Credit(10m, "JPY")));
        Assert.Equal(10m, _account.BalanceOf("JPY"));
    }

    [Fact]
    public void A_payment_covered_by_the_balance_is_confirmed_and_debits_it()
    {
        Run(Credit(100m));
        var outcome = Assert.IsType<PaymentConfirmed>(Run(Pay(30m)));
        Assert.Equal(70m, outcome.BalanceAfter);
        Assert.Equal(70m, _account.BalanceOf("EUR"));
    }

    [Fact]
    public void The_total_confirmed_on_a_day_is_per_currency_by_requested_day_and_leaves_declines_out()
    {
        Run(Credit(100m, "EUR"));
        Run(Credit(100m, "USD"));
        Run(Pay(10m, "EUR"));
        Run(Pay(5.25m, "EUR"));
        Run(Pay(7m, "USD", at: T0.AddDays(-1)));
        Assert.Equal(DeclineReasons.InsufficientFunds, ReasonOf(Run(Pay(1000m, "EUR"))));

        Assert.Equal(new Dictionary<string, decimal> { ["EUR"] = 15.25m }, _account.ConfirmedOn(DateOnly.FromDateTime(T0.UtcDateTime)));
        Assert.Equal(new Dictionary<string, decimal> { ["USD"] = 7m }, _account.ConfirmedOn(DateOnly.FromDateTime(T0.AddDays(-1).UtcDateTime)));
    }

    [Fact]
    public void Balances_are_kept_per_currency()
    {
        Run(Credit(100m, "EUR"));
        Assert.Equal(DeclineReasons.InsufficientFunds, ReasonOf(Run(Pay(1m, "USD"))));
        Assert.IsType<PaymentConfirmed>(Run(Pay(100m, "EUR")));
        Assert.Equal(0m, _account.BalanceOf("EUR"));
    }

    [Fact]
    public void A_payment_that_would_make_the_balance_negative_is_declined_for_insufficient_funds()
    {
        Run(Credit(10m));
        Assert.Equal(DeclineReasons.InsufficientFunds, ReasonOf(Run(Pay(10.01m))));
        Assert.Equal(10m, _account.BalanceOf("EUR"));
    }

    [Fact]
    public void Order_matters_a_payment_before_its_credit_is_declined_and_after_it_confirmed()
    {
        Assert.Equal(DeclineReasons.InsufficientFunds, ReasonOf(Run(Pay(50m))));
        Run(Credit(50m));
        Assert.IsType<PaymentConfirmed>(Run(Pay(50m)));
    }

    [Fact]
    public void A_currency_outside_the_allowed_list_is_declined()
    {
        Run(Credit(100m, "JPY"));
        Assert.Equal(DeclineReasons.CurrencyNotAllowed, ReasonOf(Run(Pay(1m, "JPY"))));
    }

    [Fact]
    public void A_blocked_country_is_declined()
    {
        Run(Credit(100m));
        var rules = PaymentRules.Default with { BlockedCountries = new HashSet<string> { "KP" } };
        Assert.Equal(DeclineReasons.CountryBlocked, ReasonOf(Run(Pay(1m, country: "KP"), rules)));
    }

    [Fact]
    public void A_blocked_account_is_declined()
    {
        Run(Credit(100m));
        var rules = PaymentRules.Default with { BlockedAccounts = new HashSet<string> { "acc-1" } };
        Assert.Equal(DeclineReasons.AccountBlocked, ReasonOf(Run(Pay(1m), rules)));
    }

    [Fact]
    public void A_payment_over_the_maximum_amount_is_declined_but_one_at_the_maximum_is_not()
    {
        Run(Credit(30_000m));
        Assert.Equal(DeclineReasons.AmountOverLimit, ReasonOf(Run(Pay(10_000.01m))));
        Assert.IsType<PaymentConfirmed>(Run(Pay(10_000m)));
    }

    [Fact]
    public void The_sixty_first_confirmed_payment_within_sixty_seconds_is_declined_for_velocity()
    {
        Run(Credit(1_000m));
        for (var i = 0; i < 60; i++)
            Assert.IsType<PaymentConfirmed>(Run(Pay(1m, at: T0.AddMilliseconds(i * 900))));
        Assert.Equal(DeclineReasons.VelocityExceeded, ReasonOf(Run(Pay(1m, at: T0.AddSeconds(59)))));
        // The first payment (at T0) leaves the window 60 s after T0.
        Assert.IsType<PaymentConfirmed>(Run(Pay(1m, at: T0.AddSeconds(60))));
    }

    [Fact]
    public void Declined_payments_do_not_count_towards_velocity()
    {
        for (var i = 0; i < 100; i++)
            Assert.Equal(DeclineReasons.InsufficientFunds, ReasonOf(Run(Pay(1m, at: T0.AddMilliseconds(i)))));
        Run(Credit(1m));
        Assert.IsType<PaymentConfirmed>(Run(Pay(1m, at: T0.AddSeconds(1))));
    }

    [Fact]
    public void The_daily_limit_applies_per_currency_and_utc_day_of_the_request()
    {
        Run(Credit(100_000m, "EUR"));
        Run(Credit(100_000m, "USD"));
        var day = new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++) Assert.IsType<PaymentConfirmed>(Run(Pay(10_000m, at: day.AddMinutes(i))));
        Assert.Equal(DeclineReasons.DailyLimitExceeded, ReasonOf(Run(Pay(0.01m, at: day.AddHours(20)))));
        Assert.IsType<PaymentConfirmed>(Run(Pay(10_000m, "USD", at: day.AddHours(20))));
        Assert.IsType<PaymentConfirmed>(Run(Pay(10_000m, at: day.AddHours(23))));
    }

    [Fact]
    public void When_several_rules_decline_the_first_in_precedence_order_is_the_reason()
    {
        // Everything fails: currency, country, account, amount, funds.
        var all = PaymentRules.Default with
        {
            BlockedCountries = new HashSet<string> { "KP" },
            BlockedAccounts = new HashSet<string> { "acc-1" },
        };
        Assert.Equal(DeclineReasons.CurrencyNotAllowed, ReasonOf(Run(Pay(20_000m, "JPY", "KP"), all)));
        Assert.Equal(DeclineReasons.CountryBlocked, ReasonOf(Run(Pay(20_000m, "EUR", "KP"), all)));
        Assert.Equal(DeclineReasons.AccountBlocked, ReasonOf(Run(Pay(20_000m, "EUR", "DE"), all)));
        Assert.Equal(DeclineReasons.AmountOverLimit, ReasonOf(Run(Pay(20_000m))));

        // Velocity beats the daily limit and funds; the daily limit beats funds.
        Run(Credit(60m));
        for (var i = 0; i < 60; i++) Run(Pay(1m, at: T0.AddMilliseconds(i)));
        var tight = PaymentRules.Default with { DailyLimit = 10m };
        Assert.Equal(DeclineReasons.VelocityExceeded, ReasonOf(Run(Pay(5_000m, at: T0.AddSeconds(1)), tight)));
        Assert.Equal(DeclineReasons.DailyLimitExceeded, ReasonOf(Run(Pay(5_000m, at: T0.AddMinutes(5)), tight)));
        Assert.Equal(DeclineReasons.InsufficientFunds, ReasonOf(Run(Pay(5_000m, at: T0.AddMinutes(5)))));
    }

    [Fact]
    public void A_duplicate_payment_gets_the_first_outcome_and_changes_nothing()
    {
        Run(Credit(100m));
        var first = Run(Pay(60m, id: "p-1"));
        var eventsBefore = _account.EventCount;
        var again = Run(Pay(60m, id: "p-1"));
        Assert.Same(first, again);
        Assert.Equal(40m, _account.BalanceOf("EUR"));
        Assert.Equal(eventsBefore, _account.EventCount);
    }

    [Fact]
    public void A_duplicate_of_a_declined_payment_stays_declined_even_after_funds_arrive()
    {
        var first = Run(Pay(60m, id: "p-1"));
        Run(Credit(100m));
        Assert.Same(first, Run(Pay(60m, id: "p-1")));
        Assert.Equal(100m, _account.BalanceOf("EUR"));
    }

    [Fact]
    public void A_duplicate_credit_applies_once()
    {
        var first = Run(Credit(100m, id: "c-1"));
        Assert.Same(first, Run(Credit(100m, id: "c-1")));
        Assert.Equal(100m, _account.BalanceOf("EUR"));
    }

    [Fact]
    public void Credit_ids_and_payment_ids_do_not_collide()
    {
        Run(Credit(100m, id: "x-1"));
        Assert.IsType<PaymentConfirmed>(Run(Pay(10m, id: "x-1")));
    }

    [Fact]
    public void Outcomes_carry_lineage_and_the_rules_version()
    {
        Run(Credit(100m));
        var outcome = Assert.IsType<PaymentConfirmed>(Run(Pay(1m), PaymentRules.Default with { Version = 7 }));
        Assert.Equal(7, outcome.RulesVersion);
        Assert.Equal("ev-1", outcome.RequestEventId);
        Assert.Equal("payments.requested/0/1", outcome.Source);
    }

    [Fact]
    public void A_state_restored_from_its_snapshot_decides_like_the_original()
    {
        Run(Credit(1_000m));
        for (var i = 0; i < 59; i++) Run(Pay(1m, at: T0.AddMilliseconds(i), id: $"p-{i}"));
        var restored = AccountState.FromSnapshot(_account.ToSnapshot());

        Assert.Equal(_account.Balances, restored.Balances);
        Assert.Equal(_account.EventCount, restored.EventCount);
        var next = new DecideEvent(Pay(1m, at: T0.AddSeconds(1)), new Lineage("e", "s"));
        Assert.Equal(_account.Decide(next, PaymentRules.Default, Now), restored.Decide(next, PaymentRules.Default, Now));
        var again = new DecideEvent(Pay(1m, id: "p-3"), new Lineage("e", "s"));
        Assert.IsType<Decision.Duplicate>(restored.Decide(again, PaymentRules.Default, Now));
    }

    [Fact]
    public void Requests_older_than_the_deduplication_window_are_forgotten()
    {
        var small = new AccountState("acc-1", dedupWindow: 2);
        foreach (var id in new[] { "c-1", "c-2", "c-3" })
        {
            var d = (Decision.Accepted)small.Decide(new DecideEvent(Credit(1m, id: id), new Lineage("e", "s")), PaymentRules.Default, Now);
            small.Apply(d.Event);
        }
        Assert.IsType<Decision.Accepted>(small.Decide(new DecideEvent(Credit(1m, id: "c-1"), new Lineage("e", "s")), PaymentRules.Default, Now));
        Assert.IsType<Decision.Duplicate>(small.Decide(new DecideEvent(Credit(1m, id: "c-3"), new Lineage("e", "s")), PaymentRules.Default, Now));
    }
}
