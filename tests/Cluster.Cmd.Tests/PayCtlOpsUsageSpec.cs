using System.Net;
using System.Net.Sockets;

namespace Akka.Payments.Cmd.Tests;

/// <summary>The <c>ops</c> palette's help and argument checks, which need no node.</summary>
public sealed class PayCtlOpsUsageSpec
{
    [Fact]
    public async Task Help_lists_the_ops_palette_with_its_commands()
    {
        var run = await PayCtlRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Out.Split('\n'), l => l.TrimStart().StartsWith("ops ", StringComparison.Ordinal));
        Assert.Contains("(deadletters)", line);
    }

    [Theory]
    [InlineData("Usage: payctl [host:port] ops deadletters", "ops", "deadletters", "--help")]
    [InlineData("Commands:", "ops", "--help")]
    public async Task The_ops_palette_and_its_command_have_their_help_and_exit_0(string expected, params string[] args)
    {
        var run = await PayCtlRun.Of(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Out);
    }

    [Theory]
    [InlineData("unexpected argument 'now'", "ops", "deadletters", "now")]
    [InlineData("'ops deadletters' has no option --last", "ops", "deadletters", "--last", "3")]
    [InlineData("'ops' has no command 'bogus'", "ops", "bogus")]
    public async Task Bad_ops_arguments_print_the_usage_and_exit_2(string message, params string[] args)
    {
        var run = await PayCtlRun.Of(["127.0.0.1:1", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"payctl: {message}\n", run.Error);
        Assert.Contains(run.Error.Split('\n').Skip(1), l => l.Contains("payctl "));
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("ops", "deadletters")]
    [InlineData("ops", "deadletters", "--json")]
    public async Task Good_ops_arguments_get_as_far_as_asking_the_node(params string[] args)
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
