using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Cmd;

/// <summary>payctl: parses a line, finds the palette and command, runs it, and turns failures into one line and an exit code.</summary>
public static class PayCtl
{
    public static string Usage =>
        "Usage: payctl [host:port] <palette> <command> [arguments] [options]\n" +
        "       payctl [host:port]                 (no command: interactive prompt)\n\n" +
        "Palettes:\n" + string.Join('\n', AllPalettes.List.Select(p =>
            $"  {p.Name,-18}{p.Description} ({string.Join(", ", p.Commands.Select(c => c.Name))})")) +
        "\n\nOptions:\n" +
        "  --json              machine-readable output\n" +
        $"  --token <token>     for commands that change anything (else PAYCTL_TOKEN, else <data dir>/{ManagementEndpoint.TokenFileName})\n" +
        $"  --data-dir <dir>    where a local node writes {ManagementEndpoint.UrlFileName} and {ManagementEndpoint.TokenFileName} (else PAYMENTS_DATA_DIR, else ./data)\n" +
        "  -h, --help          help for payctl, a palette or a command\n\n" +
        $"Host: the argument, else <data dir>/{ManagementEndpoint.UrlFileName}, else {ManagementEndpoint.DefaultHost}.\n" +
        "Exit codes: 0 ok, 1 command failed or refused, 2 usage, 3 endpoint unreachable.";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CmdConsole console, CancellationToken cancellation = default)
    {
        CommandLine line;
        Target target;
        try
        {
            line = CommandLine.Parse(args);
            target = Target.Resolve(line);
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"payctl: {e.Message}\n\n{Usage}");
            return ExitCodes.Usage;
        }
        using var client = new ManagementClient(target.Url, target.Token);
        if (line.Words.Count == 0 && !line.Help) return await Repl.Run(client, line, console, cancellation);
        return await Execute(line, client, console, cancellation);
    }

    internal static async Task<int> Execute(CommandLine line, ManagementClient client, CmdConsole console, CancellationToken cancellation)
    {
        if (line.Words.Count == 0) { await console.Out.WriteLineAsync(Usage); return ExitCodes.Ok; }
        if (AllPalettes.Find(line.Words[0]) is not { } palette)
            return await UsageError(console, $"unknown palette '{line.Words[0]}'", Usage);
        if (line.Words.Count == 1)
        {
            if (line.Help) { await console.Out.WriteLineAsync(palette.Help()); return ExitCodes.Ok; }
            return await UsageError(console, $"'{palette.Name}' needs a command", palette.Help());
        }
        var words = line.Words.Skip(1).ToList();
        if (palette.Find(words) is not { } command)
        {
            if (!palette.IsGroup(words[0]))
                return await UsageError(console, $"'{palette.Name}' has no command '{words[0]}'", palette.Help());
            if (words.Count == 1 && line.Help) { await console.Out.WriteLineAsync(palette.Help()); return ExitCodes.Ok; }
            var group = $"{palette.Name} {words[0]}";
            return await UsageError(console, words.Count == 1 ? $"'{group}' needs a command" : $"'{group}' has no command '{words[1]}'", palette.Help());
        }
        var usage = command.Usage(palette.Name);
        if (line.Help) { await console.Out.WriteLineAsync(usage); return ExitCodes.Ok; }
        if (line.Options.Keys.FirstOrDefault(o => !CommandLine.GlobalOptions.Contains(o) && !command.Options.Contains(o)) is { } stray)
            return await UsageError(console, $"'{palette.Name} {command.Name}' has no option {stray}", usage);

        var invocation = new Invocation(client, console, line.Json, words.Skip(command.Words.Length).ToList(), line.Options, cancellation);
        try
        {
            await command.Run(invocation);
            return ExitCodes.Ok;
        }
        catch (UsageException e)
        {
            return await UsageError(console, e.Message, usage);
        }
        catch (CommandFailedException e)
        {
            await console.Error.WriteLineAsync($"payctl: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return ExitCodes.Ok; // Ctrl-C ends a tail
        }
    }

    private static async Task<int> UsageError(CmdConsole console, string message, string usage)
    {
        await console.Error.WriteLineAsync($"payctl: {message}\n\n{usage}");
        return ExitCodes.Usage;
    }
}
