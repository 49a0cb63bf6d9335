using Akka.Payments.Node.Configuration;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Node.Tests.Configuration;

/// <summary><c>Payments:Control:RulesPullEvery</c> and <c>RulesSnapshotEvery</c>: their defaults, and a bad value
/// fails the start naming its key.</summary>
public sealed class RulesPlaneSettingsTests
{
    private static NodeSettings Read(params (string Key, string Value)[] values) =>
        NodeSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Without_configuration_nodes_pull_the_rules_every_5_seconds_and_the_singleton_snapshots_every_20_events()
    {
        var settings = Read().RulesPlane;
        Assert.Equal((TimeSpan.FromSeconds(5), 20), (settings.RulesPullEvery, settings.RulesSnapshotEvery));
    }

    [Fact]
    public void Both_are_read_from_configuration()
    {
        var settings = Read(("Payments:Control:RulesPullEvery", "00:00:01"), ("Payments:Control:RulesSnapshotEvery", "3")).RulesPlane;
        Assert.Equal((TimeSpan.FromSeconds(1), 3), (settings.RulesPullEvery, settings.RulesSnapshotEvery));
    }

    [Theory]
    [InlineData("Payments:Control:RulesPullEvery", "soon")]
    [InlineData("Payments:Control:RulesPullEvery", "00:00:00.050")]
    [InlineData("Payments:Control:RulesPullEvery", "02:00:00")]
    [InlineData("Payments:Control:RulesSnapshotEvery", "0")]
    [InlineData("Payments:Control:RulesSnapshotEvery", "many")]
    public void A_bad_value_fails_with_the_key_named(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read((key, value)));
        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message);
        Assert.Contains(value, error.Message);
    }
}
