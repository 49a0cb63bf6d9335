using System.Net;
using System.Net.Sockets;

namespace Akka.Payments.Cmd.Tests;

/// <summary>payctl's usage, help and failures, which need no node.</summary>
public sealed class PayCtlUsageSpec
{
    [Theory]
    [InlineData("cluster", "bogus")]
    [InlineData("nosuchpalette", "show")]
    [InlineData("cluster", "show", "--no-such-option")]
    [InlineData("cluster", "show", "extra-argument")]
    [InlineData("cluster-sharding", "region-stats")]
    [InlineData("cluster", "down")]
    [InlineData("cluster")]
    public async Task Bad_arguments_print_the_usage_and_exit_2(params string[] args)
    {
        var run = await PayCtlRun.Of(["127.0.0.1:1", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("payctl: ", run.Error);
        Assert.Contains(run.Error.Split('\n').Skip(1), l => l.Contains("payctl ")); // the usage that applies
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Theory]
    [InlineData("Palettes:", "--help")]
    [InlineData("Commands:", "cluster", "--help")]
    [InlineData("Usage: payctl [host:port] cluster-sharding region-stats -r <region>", "cluster-sharding", "region-stats", "--help")]
    [InlineData("Usage: payctl [host:port] payments account <id>", "payments", "account", "-h")]
    public async Task Help_is_on_every_level_and_exits_0(string expected, params string[] args)
    {
        var run = await PayCtlRun.Of(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Out);
    }

    [Fact]
    public async Task An_unreachable_host_is_one_line_on_stderr_and_exit_3()
    {
        var run = await PayCtlRun.Of($"127.0.0.1:{FreePort()}", "cluster", "show");

        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("payctl: cannot reach the management endpoint at http://127.0.0.1:", line);
        Assert.Empty(run.Out);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again at once: nothing listens there
    }
}
