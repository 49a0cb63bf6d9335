using Akka.Payments.Node.Configuration;
using Akka.Payments.Shared.Rules;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Node.Tests.Rules;

/// <summary>A node's <c>Rules:</c> configuration and the control plane's live changes read each rule with one parser:
/// a value one accepts, the other never refuses, and both make the same rule of it.</summary>
public sealed class RulesConfigurationAgreementTests
{
    public static TheoryData<string, string> Values() => new()
    {
        { RuleKeys.MaxAmount, "2500.50" },
        { RuleKeys.MaxAmount, "0" },
        { RuleKeys.MaxAmount, "abc" },
        { RuleKeys.DailyLimit, "1,000" },
        { RuleKeys.DailyLimit, "-1" },
        { RuleKeys.VelocityPerMinute, "0" },
        { RuleKeys.VelocityPerMinute, "1000001" },
        { RuleKeys.AllowedCurrencies, "EUR,CHF" },
        { RuleKeys.AllowedCurrencies, "EUR,euro" },
        { RuleKeys.AllowedCurrencies, "," },
        { RuleKeys.BlockedCountries, "KP, RU" },
        { RuleKeys.BlockedCountries, "-" },
        { RuleKeys.BlockedCountries, "DEU" },
        { RuleKeys.BlockedAccounts, "acc-1,acc-2" },
        { RuleKeys.BlockedAccounts, new string('x', 65) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Configuration_and_a_live_change_accept_and_refuse_the_same_values(string name, string value)
    {
        var key = RuleKeys.Find(name)!;
        var edit = key.Edit(PaymentRules.Default, value);
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>(key.ConfigKey, value)])
            .Build();

        if (edit is RuleEdit.Invalid invalid)
        {
            var error = Assert.Throws<ConfigurationException>(() => NodeSettings.From(config));
            Assert.Equal(key.ConfigKey, error.Key);
            Assert.Contains(invalid.Expected, error.Message);
        }
        else
        {
            var rules = NodeSettings.From(config).Rules;
            Assert.Equal(RuleKeys.Show(edit is RuleEdit.Set set ? set.Rules : PaymentRules.Default), RuleKeys.Show(rules));
        }
    }

    [Fact]
    public void A_list_in_array_form_reads_as_its_comma_separated_form()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection([
                new KeyValuePair<string, string?>("Rules:BlockedAccounts:0", "acc-2"),
                new KeyValuePair<string, string?>("Rules:BlockedAccounts:1", "acc-1"),
            ])
            .Build();

        Assert.Equal("acc-1,acc-2", RuleKeys.Find(RuleKeys.BlockedAccounts)!.Render(NodeSettings.From(config).Rules));
    }
}
