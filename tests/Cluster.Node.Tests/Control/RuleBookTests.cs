using Akka.Payments.Node.Control.Rules;
using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Tests.Control;

public sealed class RuleBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 20, 0, 0, TimeSpan.Zero);
    private readonly RuleBook _book = new(PaymentRules.Default);

    private static SetRule Set(string key, string value, string reason = "INC-7: card testing", string by = "ops-token", int minute = 0) =>
        new(key, value, reason, by, T0.AddMinutes(minute));

    private RuleChanged Change(SetRule command)
    {
        var changed = Assert.IsType<RuleDecision.Changed>(_book.Decide(command)).Event;
        _book.Apply(changed);
        return changed;
    }

    private string Refusal(SetRule command)
    {
        var before = _book.ToSnapshot();
        var refused = Assert.IsType<RuleDecision.Refused>(_book.Decide(command));
        Assert.Equal(Text(before), Text(_book.ToSnapshot()));
        return refused.Reason;
    }

    private static string Text(RulesSnapshot snapshot) =>
        System.Text.Json.JsonSerializer.Serialize(snapshot, Shared.Serialization.PaymentsJsonContext.Default.RulesSnapshot);

    [Fact]
    public void A_change_names_the_rule_its_old_and_new_value_and_the_next_version()
    {
        var changed = Assert.IsType<RuleDecision.Changed>(_book.Decide(Set("MaxAmount", " 2500.50 ", reason: "  INC-7: card testing  "))).Event;

        Assert.Equal(new RuleChanged(RuleKeys.MaxAmount, "10000", "2500.50", 2, "ops-token", T0, "INC-7: card testing"), changed);
        Assert.Equal(1, _book.Current.Version); // deciding changes nothing: applying the persisted event does
    }

    [Fact]
    public void Applying_a_change_sets_the_rule_and_bumps_the_version_by_one()
    {
        Change(Set(RuleKeys.MaxAmount, "2500.50"));
        Change(Set(RuleKeys.BlockedCountries, "RU,KP", minute: 1));

        Assert.Equal(3, _book.Current.Version);
        Assert.Equal(2500.50m, _book.Current.MaxAmount);
        Assert.Equal(["KP", "RU"], _book.Current.BlockedCountries.Order());
        Assert.Equal(PaymentRules.Default.DailyLimit, _book.Current.DailyLimit);
        Assert.Contains(KeyValuePair.Create(RuleKeys.BlockedCountries, "KP,RU"), _book.Show());
    }

    [Theory]
    [InlineData("maxAmount", "abc", "maxAmount must be a decimal greater than 0, got 'abc'")]
    [InlineData("velocityPerMinute", "-1", "velocityPerMinute must be a whole number from 0")]
    [InlineData("allowedCurrencies", "-", "allowedCurrencies must be comma-separated codes of 3 upper-case letters, at least one")]
    [InlineData("blockedCountries", "DEU", "'DEU' is not one")]
    [InlineData("version", "9", "there is no rule 'version'; the rules are maxAmount, dailyLimit")]
    public void An_invalid_key_or_value_is_refused_with_the_reason_and_changes_nothing(string key, string value, string reason)
    {
        Assert.Contains(reason, Refusal(Set(key, value)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_change_without_a_reason_is_refused(string reason)
    {
        Assert.Contains("a reason is required", Refusal(Set(RuleKeys.MaxAmount, "5000", reason)));
    }

    [Fact]
    public void A_reason_that_is_too_long_or_not_one_line_of_text_is_refused()
    {
        Assert.Contains("more than the maximum of 500", Refusal(Set(RuleKeys.MaxAmount, "5000", new string('r', 501))));
        Assert.Contains("non-printable", Refusal(Set(RuleKeys.MaxAmount, "5000", "line one\nline two")));
    }

    [Fact]
    public void A_change_without_who_makes_it_is_refused()
    {
        Assert.Contains("who makes it", Refusal(Set(RuleKeys.MaxAmount, "5000", by: " ")));
    }

    [Theory]
    [InlineData(RuleKeys.MaxAmount, "10000.00", "maxAmount is already 10000.00 (version 1): nothing changes")]
    [InlineData(RuleKeys.AllowedCurrencies, "USD,EUR,GBP,CHF", "allowedCurrencies is already CHF,EUR,GBP,USD (version 1)")]
    [InlineData(RuleKeys.BlockedAccounts, "-", "blockedAccounts is already - (version 1)")]
    public void Setting_the_value_a_rule_already_has_is_refused_and_uses_up_no_version(string key, string value, string reason)
    {
        Assert.Contains(reason, Refusal(Set(key, value)));
        Assert.Equal(2, Change(Set(RuleKeys.DailyLimit, "75000")).Version);
    }

    [Fact]
    public void The_history_keeps_who_when_and_why_of_every_change_oldest_first()
    {
        Change(Set(RuleKeys.MaxAmount, "2500", reason: "INC-7", by: "alice", minute: 1));
        Refusal(Set(RuleKeys.MaxAmount, "2500", reason: "again", by: "bob", minute: 2));
        Change(Set(RuleKeys.MaxAmount, "3000", reason: "INC-7 resolved", by: "bob", minute: 3));

        Assert.Equal(
        [
            new RuleChanged(RuleKeys.MaxAmount, "10000", "2500", 2, "alice", T0.AddMinutes(1), "INC-7"),
            new RuleChanged(RuleKeys.MaxAmount, "2500", "3000", 3, "bob", T0.AddMinutes(3), "INC-7 resolved"),
        ], _book.History);
    }

    [Fact]
    public void A_snapshot_gives_back_the_same_rules_version_and_history_and_the_book_goes_on_from_it()
    {
        Change(Set(RuleKeys.MaxAmount, "2500.50"));
        Change(Set(RuleKeys.BlockedAccounts, "acc-9,acc-1", minute: 1));
        Change(Set(RuleKeys.VelocityPerMinute, "0", minute: 2));

        var back = RuleBook.FromSnapshot(_book.ToSnapshot());

        Assert.Equal(Text(_book.ToSnapshot()), Text(back.ToSnapshot()));
        Assert.Equal(4, back.Current.Version);
        Assert.Equal(_book.Show(), back.Show());
        Assert.Equal(_book.History, back.History);
        var next = Assert.IsType<RuleDecision.Changed>(back.Decide(Set(RuleKeys.VelocityPerMinute, "10", minute: 3))).Event;
        Assert.Equal(("0", 5L), (next.OldValue, next.Version));
    }

    [Fact]
    public void Replaying_the_journaled_changes_onto_the_same_base_gives_the_same_book()
    {
        var changes = new[]
        {
            Change(Set(RuleKeys.AllowedCurrencies, "EUR")),
            Change(Set(RuleKeys.DailyLimit, "1000", minute: 1)),
            Change(Set(RuleKeys.BlockedCountries, "KP", minute: 2)),
        };

        var replayed = new RuleBook(PaymentRules.Default);
        foreach (var change in changes) replayed.Apply(change);

        Assert.Equal(Text(_book.ToSnapshot()), Text(replayed.ToSnapshot()));
    }

    [Fact]
    public void A_change_that_does_not_follow_the_current_version_is_not_applied()
    {
        var change = Change(Set(RuleKeys.MaxAmount, "2500"));

        var error = Assert.Throws<InvalidOperationException>(() => _book.Apply(change));
        Assert.Contains("does not follow the current version 2", error.Message);
        Assert.Equal(2, _book.Current.Version);
        Assert.Single(_book.History);
    }

    [Fact]
    public void A_journaled_value_the_rule_no_longer_takes_stops_the_recovery()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            _book.Apply(new RuleChanged(RuleKeys.MaxAmount, "10000", "-1", 2, "ops-token", T0, "INC-7")));
        Assert.Contains("maxAmount must be a decimal greater than 0", error.Message);
        Assert.Equal(1, _book.Current.Version);
    }
}
