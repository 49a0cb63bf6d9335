using Akka.Payments.Node.Demo;

namespace Akka.Payments.Node.Tests.Demo;

public sealed class DemoOptionsTests
{
    [Fact]
    public void Autoscale_takes_the_spike_as_its_defaults_and_leaves_the_node_settings_alone()
    {
        var (options, rest) = DemoOptions.Parse(["--autoscale", "--Payments:DataDir=./x"]);

        Assert.True(options.Autoscale);
        Assert.Equal((DemoOptions.AutoscalePayments, DemoOptions.AutoscaleRate), (options.Payments, options.Rate));
        Assert.Equal(["--Payments:DataDir=./x"], rest);
    }

    [Fact]
    public void Autoscale_keeps_a_load_given_on_the_command_line_in_either_order()
    {
        Assert.Equal((5_000, 3_000.0), Load(DemoOptions.Parse(["--payments", "5000", "--rate", "3000", "--autoscale"]).Options));
        Assert.Equal((5_000, 3_000.0), Load(DemoOptions.Parse(["--autoscale", "--rate", "3000", "--payments", "5000"]).Options));
    }

    [Fact]
    public void Without_autoscale_the_defaults_are_the_plain_demo()
    {
        var (options, _) = DemoOptions.Parse([]);
        Assert.False(options.Autoscale);
        Assert.Equal((10_000, 1_000.0), Load(options));
    }

    private static (int, double) Load(DemoOptions o) => (o.Payments, o.Rate);
}
