using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Control.Scaling;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Node.Tests.Control;

public sealed class ScalerSettingsTests
{
    private static ScalerSettings Read(params (string Key, string Value)[] values) =>
        NodeSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build()).Scaler;

    [Fact]
    public void Without_configuration_the_scaler_logs_its_decisions_every_five_seconds_with_the_policy_defaults()
    {
        var settings = Read();
        Assert.Equal(ScalePolicySettings.Default, settings.Policy);
        Assert.Equal(("log", true), (settings.Actuator, settings.Autoscale));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)), (settings.ReportEvery, settings.SampleEvery));
    }

    [Fact]
    public void The_policy_keys_are_read_from_payments_control()
    {
        var settings = Read(("Payments:Control:MaxNodes", "3"), ("Payments:Control:ScaleOutLagSeconds", "2.5"),
            ("Payments:Control:Cooldown", "00:00:20"), ("Payments:Control:Actuator", "process"), ("Payments:Control:SampleEvery", "00:00:01"));
        Assert.Equal((3, 2.5, TimeSpan.FromSeconds(20)), (settings.Policy.MaxNodes, settings.Policy.ScaleOutLagSeconds, settings.Policy.Cooldown));
        Assert.Equal(("process", TimeSpan.FromSeconds(1)), (settings.Actuator, settings.SampleEvery));
    }

    [Theory]
    [InlineData("Payments:Control:Actuator", "kubernetes")]
    [InlineData("Payments:Control:Swarm:Endpoint", "docker.sock")]
    [InlineData("Payments:Control:ScaleOutLagSeconds", "ten")]
    [InlineData("Payments:Control:ScaleInLagSeconds", "20")]
    [InlineData("Payments:Control:MinNodes", "0")]
    [InlineData("Payments:Control:SampleEvery", "0")]
    [InlineData("Payments:Control:Autoscale", "maybe")]
    public void A_bad_value_fails_the_start_naming_its_key(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read((key, value)));
        Assert.Equal(key, error.Key);
    }
}
