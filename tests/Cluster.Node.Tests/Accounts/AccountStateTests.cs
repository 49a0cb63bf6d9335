using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Accounts.Idempotency;
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

    // What the request index would hold: every outcome decided so far, by request. The filter may flag a new request
    // (a false positive, under 1% but random with random ids); the entity then asks the index, and so does Run.
    private readonly Dictionary<RequestKey, IOutcomeEvent> _history = new();

    private IOutcomeEvent Run(IInputEvent input, PaymentRules? rules = null)
    {
        var command = new DecideEvent(input, new Lineage($"ev-{_offset}", $"payments.requested/0/{_offset++}"));
        var decision = _account.Decide(command, rules ?? PaymentRules.Default, Now);
        if (decision is Decision.CheckHistory check)
        {
            if (_history.TryGetValue(check.Key, out var earlier)) return earlier;
            decision = _account.DecideNew(command, rules ?? PaymentRules.Default, Now);
        }
        switch (decision)
        {
            case Decision.Accepted accepted:
                _account.Apply(accepted.Event);
                _history.TryAdd(RequestKey.Of(input), accepted.Event.Outcome);
                return accepted.Event.Outcome;
            case Decision.Duplicate duplicate:
                return duplicate.FirstOutcome;
            default:
                throw new Xunit.Sdk.XunitException($"expected a decision with an outcome, got {decision}");
        }
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
        Assert.IsType<Decision.Duplicate>(_account.Decide(again, PaymentRules.Default, Now));
        // The snapshot holds no recent events (the journal and the index have them): the filter flags the duplicate
        // and the entity finds its first outcome in the index.
        Assert.Equal(new Decision.CheckHistory(new RequestKey(false, "p-3")), restored.Decide(again, PaymentRules.Default, Now));
    }

    [Fact]
    public void A_snapshot_carries_the_confirmed_times_packed_and_the_restored_state_counts_them_for_velocity()
    {
        Run(Credit(1_000m));
        for (var i = 0; i < 60; i++) Assert.IsType<PaymentConfirmed>(Run(Pay(1m, at: T0.AddMilliseconds(i * 900))));

        var snapshot = _account.ToSnapshot();
        var restored = AccountState.FromSnapshot(snapshot);

        Assert.Empty(snapshot.RecentConfirmedAt);
        Assert.InRange(snapshot.ConfirmedPacked!.Length, 60, 5 * 60); // a few bytes a time, against ~35 as JSON text
        var next = new DecideEvent(Pay(1m, at: T0.AddSeconds(59)), new Lineage("e", "s"));
        var declined = Assert.IsType<Decision.Accepted>(restored.Decide(next, PaymentRules.Default, Now)).Event.Outcome;
        Assert.Equal(DeclineReasons.VelocityExceeded, ReasonOf(declined));
    }

    [Fact]
    public void A_state_restored_from_a_snapshot_listing_its_confirmed_times_as_json_counts_them_for_velocity()
    {
        Run(Credit(1_000m));
        for (var i = 0; i < 60; i++) Run(Pay(1m, at: T0.AddMilliseconds(i * 900)));
        // As v1 and v2 snapshots carry them: JSON text, with whatever offset each request had.
        var listed = _account.ToSnapshot() with
        {
            RecentConfirmedAt = [.. Enumerable.Range(0, 60).Select(i => T0.AddMilliseconds(i * 900).ToOffset(TimeSpan.FromHours(i % 3)))],
            ConfirmedPacked = null,
        };

        var restored = AccountState.FromSnapshot(listed);

        var inWindow = new DecideEvent(Pay(1m, at: T0.AddSeconds(59)), new Lineage("e", "s"));
        Assert.Equal(DeclineReasons.VelocityExceeded,
            ReasonOf(Assert.IsType<Decision.Accepted>(restored.Decide(inWindow, PaymentRules.Default, Now)).Event.Outcome));
        var afterFirst = new DecideEvent(Pay(1m, at: T0.AddSeconds(60)), new Lineage("e", "s"));
        Assert.IsType<PaymentConfirmed>(Assert.IsType<Decision.Accepted>(restored.Decide(afterFirst, PaymentRules.Default, Now)).Event.Outcome);
    }

    [Fact]
    public void Over_three_days_of_late_and_early_payments_a_restored_state_decides_every_velocity_probe_like_the_original()
    {
        var rules = PaymentRules.Default with { VelocityPerMinute = 5, DailyLimit = 1_000_000_000m };
        Run(Credit(1_000_000m));
        var random = new Random(7);
        for (var i = 0; i < 26_000; i++) // one every ten seconds or so for three days: the limit is reached now and then
        {
            var at = T0.AddSeconds(i * 10 + random.Next(0, 10));
            if (random.Next(10) == 0) at -= TimeSpan.FromHours(random.Next(1, 30)); // late, some behind the two days kept
            Run(Pay(1m, at: at), rules);
        }
        var restored = AccountState.FromSnapshot(_account.ToSnapshot());

        var latest = T0.AddSeconds(26_000 * 10);
        var reasons = new List<string?>();
        for (var probe = 0; probe < 500; probe++)
        {
            var at = latest - TimeSpan.FromSeconds(random.Next(0, 3 * 24 * 3600));
            var next = new DecideEvent(Pay(1m, at: at, id: $"probe-{probe}"), new Lineage("e", "s"));
            var expected = ReasonOf(Assert.IsType<Decision.Accepted>(_account.DecideNew(next, rules, Now)).Event.Outcome);
            Assert.Equal(expected, ReasonOf(Assert.IsType<Decision.Accepted>(restored.DecideNew(next, rules, Now)).Event.Outcome));
            reasons.Add(expected);
        }
        Assert.Contains(DeclineReasons.VelocityExceeded, reasons);
        Assert.Contains(null, reasons);
    }

    [Fact]
    public void A_request_older_than_the_recent_window_is_sent_to_the_history_instead_of_being_decided_again()
    {
        var small = new AccountState("acc-1", dedupWindow: 2);
        foreach (var id in new[] { "c-1", "c-2", "c-3" })
        {
            var d = (Decision.Accepted)small.Decide(new DecideEvent(Credit(1m, id: id), new Lineage("e", "s")), PaymentRules.Default, Now);
            small.Apply(d.Event);
        }
        Assert.Equal(new Decision.CheckHistory(new RequestKey(true, "c-1")),
            small.Decide(new DecideEvent(Credit(1m, id: "c-1"), new Lineage("e", "s")), PaymentRules.Default, Now));
        Assert.IsType<Decision.Duplicate>(small.Decide(new DecideEvent(Credit(1m, id: "c-3"), new Lineage("e", "s")), PaymentRules.Default, Now));
        // A payment id is another namespace than a credit id: never decided, so decided now.
        small.Apply(((Decision.Accepted)small.Decide(new DecideEvent(Credit(10m, id: "c-9"), new Lineage("e", "s")), PaymentRules.Default, Now)).Event);
        Assert.IsType<Decision.Accepted>(small.Decide(new DecideEvent(Pay(1m, id: "c-1"), new Lineage("e", "s")), PaymentRules.Default, Now));
    }

    [Fact]
    public void Thousands_of_new_requests_are_decided_without_a_history_lookup_but_rarely()
    {
        var account = new AccountState("acc-1", dedupWindow: 10);
        var lookups = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var command = new DecideEvent(Credit(1m, id: $"c-{i}"), new Lineage("e", "s"));
            var decision = account.Decide(command, PaymentRules.Default, Now);
            if (decision is Decision.CheckHistory)
            {
                lookups++;
                decision = account.DecideNew(command, PaymentRules.Default, Now);
            }
            account.Apply(((Decision.Accepted)decision).Event);
        }
        Assert.InRange(lookups, 0, 50); // the filter's false positives stay under 1%
        Assert.Equal(5_000m, account.BalanceOf("EUR"));
        for (var i = 0; i < 4_990; i++)
            Assert.IsType<Decision.CheckHistory>(account.Decide(new DecideEvent(Credit(1m, id: $"c-{i}"), new Lineage("e", "s")), PaymentRules.Default, Now));
    }

    [Fact]
    public void A_request_is_recognised_for_the_retention_and_forgotten_after_it()
    {
        var account = new AccountState("acc-1", dedupWindow: 1, idempotencyRetention: TimeSpan.FromDays(30));
        var start = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        account.Apply(((Decision.Accepted)account.Decide(new DecideEvent(Credit(1m, id: "old"), new Lineage("e", "s")), PaymentRules.Default, start)).Event);
        account.Apply(((Decision.Accepted)account.Decide(new DecideEvent(Credit(1m, id: "day-29"), new Lineage("e", "s")), PaymentRules.Default, start.AddDays(29))).Event);
        Assert.IsType<Decision.CheckHistory>(account.Decide(new DecideEvent(Credit(1m, id: "old"), new Lineage("e", "s")), PaymentRules.Default, start.AddDays(29)));

        account.Apply(((Decision.Accepted)account.Decide(new DecideEvent(Credit(1m, id: "day-32"), new Lineage("e", "s")), PaymentRules.Default, start.AddDays(32))).Event);
        Assert.IsType<Decision.Accepted>(account.Decide(new DecideEvent(Credit(1m, id: "old"), new Lineage("e", "s")), PaymentRules.Default, start.AddDays(32)));
        Assert.IsType<Decision.CheckHistory>(account.Decide(new DecideEvent(Credit(1m, id: "day-29"), new Lineage("e", "s")), PaymentRules.Default, start.AddDays(32)));
    }

    [Fact]
    public void The_filter_of_decided_requests_survives_a_snapshot()
    {
        var account = new AccountState("acc-1", dedupWindow: 3);
        for (var i = 0; i < 200; i++)
            account.Apply(((Decision.Accepted)account.Decide(new DecideEvent(Credit(1m, id: $"c-{i}"), new Lineage("e", "s")), PaymentRules.Default, Now)).Event);

        var restored = AccountState.FromSnapshot(account.ToSnapshot(), dedupWindow: 3);

        for (var i = 0; i < 200; i++)
            Assert.IsType<Decision.CheckHistory>(restored.Decide(new DecideEvent(Credit(1m, id: $"c-{i}"), new Lineage("e", "s")), PaymentRules.Default, Now));
        Assert.IsType<Decision.Accepted>(restored.Decide(new DecideEvent(Credit(1m, id: "c-200"), new Lineage("e", "s")), PaymentRules.Default, Now));
    }

    [Fact]
    public void A_snapshot_holds_none_of_the_recent_window_since_the_journal_and_the_index_hold_it()
    {
        for (var i = 0; i < 20; i++) Run(Credit(1m, id: $"c-{i}"));

        var snapshot = _account.ToSnapshot();

        Assert.Empty(snapshot.RecentEvents);
        Assert.Equal(0, snapshot.UnindexedRecent);
        Assert.Equal(20, snapshot.EventCount);
    }

    [Fact]
    public void A_v1_snapshot_with_a_filter_fills_the_window_and_the_next_snapshot_drops_it()
    {
        for (var i = 0; i < 5; i++) Run(Credit(1m, id: $"c-{i}"));
        var v1 = _account.ToSnapshot() with { RecentEvents = _account.RecentEvents.ToList(), UnindexedRecent = null };

        var restored = AccountState.FromSnapshot(v1);

        Assert.IsType<Decision.Duplicate>(restored.Decide(new DecideEvent(Credit(1m, id: "c-0"), new Lineage("e", "s")), PaymentRules.Default, Now));
        Assert.Empty(restored.ToSnapshot().RecentEvents);
    }

    [Fact]
    public void Events_recovered_from_a_snapshot_without_a_filter_stay_in_the_snapshots_until_newer_events_push_them_out_of_the_window()
    {
        Run(Credit(10m, id: "c-1"));
        Run(Credit(10m, id: "c-2"));
        var legacy = _account.ToSnapshot() with { RecentEvents = _account.RecentEvents.ToList(), RequestFilter = null, UnindexedRecent = null };

        var restored = AccountState.FromSnapshot(AccountState.FromSnapshot(legacy, dedupWindow: 3).ToSnapshot(), dedupWindow: 3);
        Assert.Equal(["c-1", "c-2"], restored.ToSnapshot().RecentEvents.Select(e => e.Outcome.RequestId));
        Assert.IsType<Decision.Duplicate>(restored.Decide(new DecideEvent(Credit(1m, id: "c-1"), new Lineage("e", "s")), PaymentRules.Default, Now));

        Apply(restored, Credit(1m, id: "c-3"));
        Assert.Equal((2, 2), (restored.ToSnapshot().RecentEvents.Count, restored.ToSnapshot().UnindexedRecent));
        Apply(restored, Credit(1m, id: "c-4"));
        Assert.Equal(["c-2"], restored.ToSnapshot().RecentEvents.Select(e => e.Outcome.RequestId));
        Assert.Equal(1, restored.ToSnapshot().UnindexedRecent);
        Apply(restored, Credit(1m, id: "c-5"));
        Assert.Empty(restored.ToSnapshot().RecentEvents);
        Assert.Equal(0, restored.ToSnapshot().UnindexedRecent);
    }

    [Fact]
    public void A_full_filter_stage_is_sealed_once_and_the_snapshots_after_it_refer_to_its_sequence_number()
    {
        var account = new AccountState("acc-1", dedupWindow: 5);
        for (var i = 0; i < 1_344; i++) Apply(account, Credit(1m, id: $"c-{i}")); // 64 + 256 + 1,024: the third stage is full

        var sealedStage = Assert.IsType<RequestFilterStageSealed>(account.SealNextFilterStage(1_345));
        Assert.Null(account.SealNextFilterStage(1_346));
        Assert.Equal((DateOnly.FromDateTime(Now.UtcDateTime), 2, 1_024), (sealedStage.Day, sealedStage.Index, sealedStage.Stage.Count));
        Apply(account, Credit(1m, id: "c-after"));

        var snapshot = account.ToSnapshot();
        var stages = snapshot.RequestFilter!.Single().Stages;
        Assert.Equal((1_345L, 0), (stages[2].SealedAt!.Value, stages[2].Bits.Length));
        Assert.Equal((4_096, 1), (stages[3].Capacity, stages[3].Count));
        Assert.Equal(1_345, snapshot.EventCount); // the journaled stage is not a decision

        // A replay of the same decisions and the journaled stage comes to the same filter.
        var replayed = new AccountState("acc-1", dedupWindow: 5);
        for (var i = 0; i < 1_344; i++) Apply(replayed, Credit(1m, id: $"c-{i}"));
        replayed.Apply(sealedStage, sequenceNr: 1_345);
        Apply(replayed, Credit(1m, id: "c-after"));
        Assert.Equal(
            stages.Select(s => (s.Capacity, s.Count, s.SealedAt, Convert.ToHexString(s.Bits))),
            replayed.ToSnapshot().RequestFilter!.Single().Stages.Select(s => (s.Capacity, s.Count, s.SealedAt, Convert.ToHexString(s.Bits))));
    }

    [Fact]
    public void An_account_restored_with_a_journaled_stage_sends_every_request_to_the_history_until_the_stage_is_loaded()
    {
        var account = new AccountState("acc-1", dedupWindow: 5);
        for (var i = 0; i < 1_400; i++) Apply(account, Credit(1m, id: $"c-{i}"));
        var sealedStage = account.SealNextFilterStage(1_345)!;

        var restored = AccountState.FromSnapshot(account.ToSnapshot(), dedupWindow: 5);

        Assert.Equal([1_345L], restored.PendingFilterStages);
        var stranger = new DecideEvent(Credit(1m, id: "never-seen"), new Lineage("e", "s"));
        Assert.IsType<Decision.CheckHistory>(restored.Decide(stranger, PaymentRules.Default, Now));
        Assert.False(restored.LoadFilterStage(sealedStage, sequenceNr: 99));
        Assert.True(restored.LoadFilterStage(sealedStage, sequenceNr: 1_345));
        Assert.Empty(restored.PendingFilterStages);
        Assert.Equal(account.Decide(stranger, PaymentRules.Default, Now).GetType(), restored.Decide(stranger, PaymentRules.Default, Now).GetType());
        for (var i = 0; i < 1_400; i++)
            Assert.IsType<Decision.CheckHistory>(restored.Decide(new DecideEvent(Credit(1m, id: $"c-{i}"), new Lineage("e", "s")), PaymentRules.Default, Now));
    }

    [Fact]
    public void When_a_new_day_begins_the_last_stage_of_the_day_before_is_journaled_though_it_is_not_full()
    {
        var account = new AccountState("acc-1", dedupWindow: 5);
        for (var i = 0; i < 1_000; i++) Apply(account, Credit(1m, id: $"c-{i}"));
        Assert.Null(account.SealNextFilterStage(1_001)); // the third stage holds 680 of 1,024, and the day goes on

        Apply(account, Credit(1m, id: "tomorrow"), Now.AddDays(1));

        var sealedStage = Assert.IsType<RequestFilterStageSealed>(account.SealNextFilterStage(1_002));
        Assert.Equal((DateOnly.FromDateTime(Now.UtcDateTime), 2, 680), (sealedStage.Day, sealedStage.Index, sealedStage.Stage.Count));
        Assert.Null(account.SealNextFilterStage(1_003)); // the first two stages are too small to journal on their own
    }

    /// <summary>Decides and applies a new request as the entity would: a false positive of the filter (the history
    /// then finds nothing) is decided as new.</summary>
    private static void Apply(AccountState account, IInputEvent input, DateTimeOffset? at = null)
    {
        var command = new DecideEvent(input, new Lineage("e", "s"));
        var decision = account.Decide(command, PaymentRules.Default, at ?? Now);
        if (decision is Decision.CheckHistory) decision = account.DecideNew(command, PaymentRules.Default, at ?? Now);
        account.Apply(((Decision.Accepted)decision).Event);
    }

    [Fact]
    public void A_snapshot_from_before_the_filter_still_flags_its_recent_requests()
    {
        Run(Credit(10m, id: "c-1"));
        Run(Credit(10m, id: "c-2"));
        var legacy = _account.ToSnapshot() with { RecentEvents = _account.RecentEvents.ToList(), RequestFilter = null, UnindexedRecent = null };

        var restored = AccountState.FromSnapshot(legacy, dedupWindow: 1);

        Assert.IsType<Decision.CheckHistory>(restored.Decide(new DecideEvent(Credit(1m, id: "c-1"), new Lineage("e", "s")), PaymentRules.Default, Now));
    }

    public static TheoryData<string, IInputEvent> Unappliable => new()
    {
        { "requestedAt in year 1", new PaymentRequested("p-1", "acc-1", "shop", 1m, "EUR", "DE", DateTimeOffset.MinValue) },
        { "requestedAt in 9999", new PaymentRequested("p-1", "acc-1", "shop", 1m, "EUR", "DE", DateTimeOffset.MaxValue) },
        { "a payment of zero", new PaymentRequested("p-1", "acc-1", "shop", 0m, "EUR", "DE", T0) },
        { "a huge payment", new PaymentRequested("p-1", "acc-1", "shop", decimal.MaxValue, "EUR", "DE", T0) },
        { "a huge credit", new AccountCredited("c-1", "acc-1", decimal.MaxValue, "EUR", T0) },
        { "another account's input", new AccountCredited("c-1", "acc-2", 1m, "EUR", T0) },
    };

    [Theory]
    [MemberData(nameof(Unappliable))]
    public void An_input_the_account_arithmetic_cannot_take_fails_without_changing_anything(string why, IInputEvent input)
    {
        Run(Credit(100m, id: "c-0"));
        var decision = _account.Decide(new DecideEvent(input, new Lineage("e", "s")), PaymentRules.Default with { MaxAmount = decimal.MaxValue }, Now);

        Assert.True(decision is Decision.Failed, $"{why}: {decision}");
        Assert.Equal(100m, _account.BalanceOf("EUR"));
        Assert.Equal(1, _account.EventCount);
    }

    [Fact]
    public void Credits_stop_at_the_maximum_balance_instead_of_overflowing()
    {
        var nearlyFull = new AccountSnapshot("acc-1", new Dictionary<string, decimal> { ["EUR"] = AccountState.MaxBalance - 1_500_000_000m },
            [], [], [], 1);
        var rich = AccountState.FromSnapshot(nearlyFull);

        var first = rich.Decide(new DecideEvent(Credit(AccountState.MaxAmount, id: "c-1"), new Lineage("e", "s")), PaymentRules.Default, Now);
        rich.Apply(Assert.IsType<Decision.Accepted>(first).Event);
        var second = rich.Decide(new DecideEvent(Credit(AccountState.MaxAmount, id: "c-2"), new Lineage("e", "s")), PaymentRules.Default, Now);

        Assert.Contains("above the maximum", Assert.IsType<Decision.Failed>(second).Error);
        Assert.Equal(AccountState.MaxBalance - 500_000_000m, rich.BalanceOf("EUR"));
    }
}
