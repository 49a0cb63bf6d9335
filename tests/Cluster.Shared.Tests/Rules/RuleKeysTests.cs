using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Shared.Tests.Rules;

public sealed class RuleKeysTests
{
    private static readonly PaymentRules Rules = PaymentRules.Default;

    private static RuleKey Key(string name) => RuleKeys.Find(name) ?? throw new ArgumentException(name, nameof(name));

    /// <summary>key, value as an operator types it, value as the rule book writes it.</summary>
    public static TheoryData<string, string, string> Valid() => new()
    {
        { RuleKeys.MaxAmount, "5000", "5000" },
        { RuleKeys.MaxAmount, " 2500.50 ", "2500.50" },
        { RuleKeys.MaxAmount, "0.01", "0.01" },
        { RuleKeys.MaxAmount, "1,000,000", "1000000" },
        { RuleKeys.DailyLimit, "75000", "75000" },
        { RuleKeys.VelocityPerMinute, "0", "0" },
        { RuleKeys.VelocityPerMinute, "1", "1" },
        { RuleKeys.VelocityPerMinute, "1000000", "1000000" },
        { RuleKeys.AllowedCurrencies, "EUR", "EUR" },
        { RuleKeys.AllowedCurrencies, "USD, EUR,JPY,EUR", "EUR,JPY,USD" },
        { RuleKeys.BlockedCountries, "RU,KP", "KP,RU" },
        { RuleKeys.BlockedCountries, "KP,,", "KP" },
        { RuleKeys.BlockedAccounts, "acc-9, acc-10", "acc-10,acc-9" },
        { RuleKeys.BlockedAccounts, "konto-ä-1", "konto-ä-1" },
    };

    /// <summary>key, value, a part of the refusal beyond "&lt;key&gt; must be ..., got '&lt;value&gt;'".</summary>
    public static TheoryData<string, string, string> Invalid() => new()
    {
        { RuleKeys.MaxAmount, "abc", "a decimal greater than 0" },
        { RuleKeys.MaxAmount, "0", "a decimal greater than 0" },
        { RuleKeys.MaxAmount, "-5", "a decimal greater than 0" },
        { RuleKeys.MaxAmount, "1e3", "a decimal greater than 0" },
        { RuleKeys.MaxAmount, "", "a decimal greater than 0" },
        { RuleKeys.DailyLimit, "-0.01", "a decimal greater than 0" },
        { RuleKeys.VelocityPerMinute, "-1", "from 0" },
        { RuleKeys.VelocityPerMinute, "1000001", "to 1000000" },
        { RuleKeys.VelocityPerMinute, "2.5", "whole number" },
        { RuleKeys.VelocityPerMinute, "many", "whole number" },
        { RuleKeys.AllowedCurrencies, "", "at least one (an empty list)" },
        { RuleKeys.AllowedCurrencies, "-", "at least one (an empty list)" },
        { RuleKeys.AllowedCurrencies, " , ", "at least one (an empty list)" },
        { RuleKeys.AllowedCurrencies, "EUR,euro", "'euro' is not one" },
        { RuleKeys.AllowedCurrencies, "EUR,eur", "'eur' is not one" },
        { RuleKeys.AllowedCurrencies, "EURO", "'EURO' is not one" },
        { RuleKeys.BlockedCountries, "DEU", "'DEU' is not one" },
        { RuleKeys.BlockedCountries, "K1", "'K1' is not one" },
        { RuleKeys.BlockedAccounts, new string('a', 65), "more than the maximum of 64" },
        { RuleKeys.BlockedAccounts, "acc-1,bad\tid", "non-printable" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_valid_value_sets_its_rule_and_reads_back_as_the_same_value(string key, string value, string written)
    {
        var set = Assert.IsType<RuleEdit.Set>(Key(key).Edit(Rules, value));

        Assert.Equal(written, set.Value);
        Assert.Equal(written, Key(key).Render(set.Rules));
        Assert.Equal(Rules.Version, set.Rules.Version);
        Assert.Equal(written, Assert.IsType<RuleEdit.Unchanged>(Key(key).Edit(set.Rules, written)).Value);
        foreach (var other in RuleKeys.All.Where(k => k.Name != key))
            Assert.Equal(other.Render(Rules), other.Render(set.Rules));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_value_is_refused_with_the_rule_what_it_takes_and_the_value_named(string key, string value, string expected)
    {
        var invalid = Assert.IsType<RuleEdit.Invalid>(Key(key).Edit(Rules, value));

        Assert.StartsWith($"{key} must be ", invalid.Reason);
        Assert.Contains(expected, invalid.Reason);
        Assert.Equal(value, invalid.Got);
    }

    [Fact]
    public void The_refusal_of_a_bad_amount_reads_as_a_sentence()
    {
        var invalid = Assert.IsType<RuleEdit.Invalid>(Key(RuleKeys.MaxAmount).Edit(Rules, "abc"));
        Assert.Equal("maxAmount must be a decimal greater than 0, got 'abc'", invalid.Reason);
    }

    [Theory]
    [InlineData(RuleKeys.MaxAmount, "10000.00")]
    [InlineData(RuleKeys.VelocityPerMinute, "60")]
    [InlineData(RuleKeys.AllowedCurrencies, "USD,GBP,EUR,CHF")]
    [InlineData(RuleKeys.BlockedCountries, "-")]
    [InlineData(RuleKeys.BlockedCountries, "")]
    [InlineData(RuleKeys.BlockedAccounts, "")]
    public void The_value_a_rule_already_has_is_unchanged_however_it_is_written(string key, string value)
    {
        Assert.IsType<RuleEdit.Unchanged>(Key(key).Edit(Rules, value));
    }

    [Theory]
    [InlineData(RuleKeys.BlockedCountries)]
    [InlineData(RuleKeys.BlockedAccounts)]
    public void A_blocking_list_is_emptied_with_a_dash_or_an_empty_value(string key)
    {
        var blocked = Assert.IsType<RuleEdit.Set>(Key(key).Edit(Rules, "KP")).Rules;

        Assert.Equal(RuleValues.None, Assert.IsType<RuleEdit.Set>(Key(key).Edit(blocked, "-")).Value);
        Assert.Equal(RuleValues.None, Assert.IsType<RuleEdit.Set>(Key(key).Edit(blocked, " ")).Value);
    }

    [Fact]
    public void A_key_is_found_in_any_case_and_an_unknown_one_is_named_with_the_keys_there_are()
    {
        Assert.Equal(RuleKeys.MaxAmount, RuleKeys.Find("MAXAMOUNT")?.Name);
        Assert.Equal(RuleKeys.BlockedAccounts, RuleKeys.Find(" blockedaccounts ")?.Name);
        Assert.Null(RuleKeys.Find("version"));
        Assert.Equal("there is no rule 'maxAmmount'; the rules are maxAmount, dailyLimit, velocityPerMinute, allowedCurrencies, "
            + "blockedCountries, blockedAccounts", RuleKeys.Unknown("maxAmmount"));
    }

    [Fact]
    public void Show_lists_every_rule_in_order_as_it_reads_back()
    {
        var rules = Rules with { BlockedAccounts = new HashSet<string> { "acc-2", "acc-1" } };

        Assert.Equal(
        [
            KeyValuePair.Create("maxAmount", "10000"),
            KeyValuePair.Create("dailyLimit", "50000"),
            KeyValuePair.Create("velocityPerMinute", "60"),
            KeyValuePair.Create("allowedCurrencies", "CHF,EUR,GBP,USD"),
            KeyValuePair.Create("blockedCountries", "-"),
            KeyValuePair.Create("blockedAccounts", "acc-1,acc-2"),
        ], RuleKeys.Show(rules));
        foreach (var (name, value) in RuleKeys.Show(rules))
            Assert.IsType<RuleEdit.Unchanged>(Key(name).Edit(rules, value));
    }

    [Fact]
    public void Every_key_has_its_configuration_key_under_Rules()
    {
        Assert.Equal(
            ["Rules:MaxAmount", "Rules:DailyLimit", "Rules:VelocityPerMinute", "Rules:AllowedCurrencies", "Rules:BlockedCountries", "Rules:BlockedAccounts"],
            RuleKeys.All.Select(k => k.ConfigKey));
    }

    [Fact]
    public void Stored_rules_keep_every_rule_and_hold_the_sets_sorted()
    {
        var rules = new PaymentRules
        {
            Version = 7,
            MaxAmount = 2500.50m,
            DailyLimit = 1m,
            VelocityPerMinute = 0,
            AllowedCurrencies = new HashSet<string> { "USD", "EUR" },
            BlockedCountries = new HashSet<string> { "RU", "KP" },
            BlockedAccounts = new HashSet<string> { "b", "a" },
        };

        var stored = StoredRules.From(rules);
        var back = stored.ToRules();

        Assert.Equal(["EUR", "USD"], stored.AllowedCurrencies);
        Assert.Equal(["KP", "RU"], stored.BlockedCountries);
        Assert.Equal(["a", "b"], stored.BlockedAccounts);
        Assert.Equal(7, back.Version);
        Assert.Equal(RuleKeys.Show(rules), RuleKeys.Show(back));
    }
}
