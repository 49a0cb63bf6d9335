using System.Net;
using System.Net.Sockets;

namespace Akka.Payments.Cmd.Tests;

/// <summary>The <c>ops</c> palette's help and argument checks (with its <c>dlq</c> group), which need no node.</summary>
public sealed class PayCtlOpsUsageSpec
{
    [Fact]
    public async Task Help_lists_the_ops_palette_with_its_commands()
    {
        var run = await PayCtlRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Out.Split('\n'), l => l.TrimStart().StartsWith("ops ", StringComparison.Ordinal));
        Assert.Contains("(health, deadletters, audit, dlq list, dlq show, dlq stats, dlq replay, dlq purge, dlq replays)", line);
    }

    [Fact]
    public async Task The_ops_palette_help_lists_the_dlq_commands_with_their_arguments()
    {
        var run = await PayCtlRun.Of("ops", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  dlq list [--reason R] [--since T] [--key K] [--status new|replayed|purged] [--limit N]", run.Out);
        Assert.Contains("  dlq show <id>", run.Out);
        Assert.Contains("  health ", run.Out);
        Assert.Contains("  deadletters [--node] ", run.Out);
        Assert.Contains("  dlq stats ", run.Out);
        Assert.Contains("  dlq replay <id>... | --reason R | --since T [--dry-run] [--rate N] [--value-file F]", run.Out);
        Assert.Contains("  dlq purge <id>... | --reason R | --since T --why \"text\"", run.Out);
        Assert.Contains("  dlq replays ", run.Out);
    }

    [Theory]
    [InlineData("Usage: payctl [host:port] ops deadletters", "ops", "deadletters", "--help")]
    [InlineData("Usage: payctl [host:port] ops dlq list [--reason R]", "ops", "dlq", "list", "--help")]
    [InlineData("Usage: payctl [host:port] ops dlq show <id>", "ops", "dlq", "show", "-h")]
    [InlineData("Usage: payctl [host:port] ops dlq stats", "ops", "dlq", "stats", "--help")]
    [InlineData("Usage: payctl [host:port] ops dlq replay <id>...", "ops", "dlq", "replay", "--help")]
    [InlineData("Usage: payctl [host:port] ops dlq purge <id>...", "ops", "dlq", "purge", "--help")]
    [InlineData("Usage: payctl [host:port] ops dlq replays", "ops", "dlq", "replays", "--help")]
    [InlineData("Commands:", "ops", "dlq", "--help")]
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
    [InlineData("'ops dlq' needs a command", "ops", "dlq")]
    [InlineData("'ops dlq' has no command 'bogus'", "ops", "dlq", "bogus")]
    [InlineData("--limit must be a whole number from 1 to 10000, got 'ten'", "ops", "dlq", "list", "--limit", "ten")]
    [InlineData("--limit must be a whole number from 1 to 10000, got '0'", "ops", "dlq", "list", "--limit", "0")]
    [InlineData("--limit must be a whole number from 1 to 10000, got '10001'", "ops", "dlq", "list", "--limit=10001")]
    [InlineData("--limit must be a whole number from 1 to 10000, got '-1'", "ops", "dlq", "list", "--limit=-1")]
    [InlineData("--status must be one of new, replayed, purged, got 'done'", "ops", "dlq", "list", "--status", "done")]
    [InlineData("--since must be an RFC 3339 time such as 2026-11-29T18:00:00Z, got 'yesterday'", "ops", "dlq", "list", "--since", "yesterday")]
    [InlineData("--since must be an RFC 3339 time such as 2026-11-29T18:00:00Z, got '2026-11-29T18:00:00'", "ops", "dlq", "replay", "--since", "2026-11-29T18:00:00")]
    [InlineData("--since must be an RFC 3339 time such as 2026-11-29T18:00:00Z, got '2026-11-29'", "ops", "dlq", "purge", "--since", "2026-11-29", "--why", "x")]
    [InlineData("unexpected argument 'x'", "ops", "dlq", "list", "x")]
    [InlineData("'ops dlq list' has no option --why", "ops", "dlq", "list", "--why", "x")]
    [InlineData("missing <id>", "ops", "dlq", "show")]
    [InlineData("unexpected argument 'b'", "ops", "dlq", "show", "a", "b")]
    [InlineData("'ops dlq show' has no option --reason", "ops", "dlq", "show", "a", "--reason", "r")]
    [InlineData("unexpected argument 'now'", "ops", "dlq", "stats", "now")]
    [InlineData("unexpected argument 'now'", "ops", "dlq", "replays", "now")]
    [InlineData("missing <id>, --reason or --since", "ops", "dlq", "replay")]
    [InlineData("missing <id>, --reason or --since", "ops", "dlq", "replay", "--dry-run")]
    [InlineData("give ids, or --reason and/or --since, not both", "ops", "dlq", "replay", "a", "--reason", "r")]
    [InlineData("--rate must be a number of records per second above 0 and at most 10000, got 'fast'", "ops", "dlq", "replay", "a", "--rate", "fast")]
    [InlineData("--rate must be a number of records per second above 0 and at most 10000, got '0'", "ops", "dlq", "replay", "a", "--rate", "0")]
    [InlineData("--rate must be a number of records per second above 0 and at most 10000, got '-2'", "ops", "dlq", "replay", "a", "--rate=-2")]
    [InlineData("--rate must be a number of records per second above 0 and at most 10000, got '10001'", "ops", "dlq", "replay", "a", "--rate", "10001")]
    [InlineData("--rate must be a number of records per second above 0 and at most 10000, got 'NaN'", "ops", "dlq", "replay", "a", "--rate", "NaN")]
    [InlineData("--dry-run takes no value", "ops", "dlq", "replay", "a", "--dry-run=yes")]
    [InlineData("'ops dlq replay' has no option --why", "ops", "dlq", "replay", "a", "--why", "x")]
    [InlineData("a purge says why: --why \"text\"", "ops", "dlq", "purge", "a")]
    [InlineData("a purge says why: --why \"text\"", "ops", "dlq", "purge", "a", "--why", " ")]
    [InlineData("missing <id>, --reason or --since", "ops", "dlq", "purge", "--why", "x")]
    [InlineData("give ids, or --reason and/or --since, not both", "ops", "dlq", "purge", "a", "--since", "2026-11-29T18:00:00Z", "--why", "x")]
    [InlineData("'ops dlq purge' has no option --dry-run", "ops", "dlq", "purge", "a", "--why", "x", "--dry-run")]
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
    [InlineData("ops", "dlq", "list")]
    [InlineData("ops", "dlq", "list", "--reason", "schema_violation", "--since", "2026-11-29T18:00:00.5+02:00", "--key", "k", "--status", "purged", "--limit", "10000")]
    [InlineData("ops", "dlq", "show", "payments.requested-3-42", "--json")]
    [InlineData("ops", "dlq", "stats")]
    [InlineData("ops", "dlq", "replays")]
    [InlineData("ops", "dlq", "replay", "a", "b", "--dry-run", "--rate", "0.5")]
    [InlineData("ops", "dlq", "replay", "--reason", "schema_violation", "--since", "2026-11-29T18:00:00Z", "--rate=10000")]
    [InlineData("ops", "dlq", "purge", "--reason", "schema_violation", "--why", "test data")]
    public async Task Good_ops_arguments_get_as_far_as_asking_the_node(params string[] args)
    {
        var run = await PayCtlRun.Of([$"127.0.0.1:{FreePort()}", .. args]);

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("payctl: cannot reach the management endpoint at http://127.0.0.1:", run.Error);
    }

    [Fact]
    public async Task A_value_file_that_cannot_be_read_is_a_usage_error_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"payctl-no-such-{Guid.NewGuid():N}.json");
        var empty = Path.GetTempFileName();
        try
        {
            var run = await PayCtlRun.Of("127.0.0.1:1", "ops", "dlq", "replay", "a", "--value-file", missing);
            var none = await PayCtlRun.Of("127.0.0.1:1", "ops", "dlq", "replay", "a", "--value-file", empty);

            Assert.Equal((2, 2), (run.ExitCode, none.ExitCode));
            Assert.StartsWith($"payctl: --value-file '{missing}' cannot be read: ", run.Error);
            Assert.StartsWith($"payctl: --value-file '{empty}' is empty\n", none.Error);
            Assert.Contains("Usage: payctl [host:port] ops dlq replay", run.Error);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again at once: nothing listens there
    }
}
