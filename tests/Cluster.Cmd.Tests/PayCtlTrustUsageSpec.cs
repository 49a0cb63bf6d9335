using System.Net;
using System.Net.Sockets;

namespace Akka.Payments.Cmd.Tests;

/// <summary>The <c>trust</c> palette's help and argument checks, which need no node.</summary>
public sealed class PayCtlTrustUsageSpec
{
    [Fact]
    public async Task Help_lists_the_trust_palette_with_its_commands()
    {
        var run = await PayCtlRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Out.Split('\n'), l => l.TrimStart().StartsWith("trust ", StringComparison.Ordinal));
        Assert.Contains("(windows, current, totals)", line);
    }

    [Theory]
    [InlineData("Usage: payctl [host:port] trust windows [--last N]", "trust", "windows", "--help")]
    [InlineData("Usage: payctl [host:port] trust current", "trust", "current", "--help")]
    [InlineData("Usage: payctl [host:port] trust totals [--since <RFC 3339 time>]", "trust", "totals", "-h")]
    [InlineData("Commands:", "trust", "--help")]
    public async Task Each_trust_command_has_its_help_and_exits_0(string expected, params string[] args)
    {
        var run = await PayCtlRun.Of(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Out);
    }

    [Theory]
    [InlineData("--last must be an integer, got 'ten'", "trust", "windows", "--last", "ten")]
    [InlineData("--last must be an integer, got '2.5'", "trust", "windows", "--last=2.5")]
    [InlineData("--last must be at most 2147483647, got 2147483648", "trust", "windows", "--last", "2147483648")]
    [InlineData("--last must be at least 1, got 0", "trust", "windows", "--last", "0")]
    [InlineData("--last must be at least 1, got -3", "trust", "windows", "--last", "-3")]
    [InlineData("--since must be an RFC 3339 time such as 2026-11-26T14:00:00Z, got 'yesterday'", "trust", "totals", "--since", "yesterday")]
    [InlineData("--since must be an RFC 3339 time such as 2026-11-26T14:00:00Z, got '2026-11-26'", "trust", "totals", "--since", "2026-11-26")]
    [InlineData("--since must be an RFC 3339 time such as 2026-11-26T14:00:00Z, got '2026-11-26T14:00:00'", "trust", "totals", "--since=2026-11-26T14:00:00")]
    [InlineData("'trust current' has no option --last", "trust", "current", "--last", "3")]
    [InlineData("'trust windows' has no option --since", "trust", "windows", "--since", "2026-11-26T14:00:00Z")]
    [InlineData("unexpected argument '5'", "trust", "windows", "5")]
    [InlineData("--last needs a value", "trust", "windows", "--last")]
    [InlineData("'trust' has no command 'bogus'", "trust", "bogus")]
    public async Task Bad_trust_arguments_print_the_usage_and_exit_2(string message, params string[] args)
    {
        var run = await PayCtlRun.Of(["127.0.0.1:1", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"payctl: {message}\n", run.Error);
        Assert.Contains(run.Error.Split('\n').Skip(1), l => l.Contains("payctl ")); // the usage that applies
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("trust", "windows")]
    [InlineData("trust", "windows", "--last", "1")]
    [InlineData("trust", "windows", "--last=250")]
    [InlineData("trust", "current")]
    [InlineData("trust", "totals")]
    [InlineData("trust", "totals", "--since", "2026-11-26T14:00:00Z")]
    [InlineData("trust", "totals", "--since", "2026-11-26T16:00:00.5+02:00", "--json")]
    public async Task Good_trust_arguments_get_as_far_as_asking_the_node(params string[] args)
    {
        var run = await PayCtlRun.Of([$"127.0.0.1:{FreePort()}", .. args]);

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("payctl: cannot reach the management endpoint at http://127.0.0.1:", run.Error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again at once: nothing listens there
    }
}
