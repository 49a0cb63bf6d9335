namespace Akka.Payments.Cmd;

/// <summary>
/// The <c>payctl&gt;</c> prompt: each line is a command as on the command line (host and token stay those payctl
/// started with); <c>help</c>, <c>history</c> (this session's lines, also kept in ~/.payctl_history) and <c>exit</c>.
/// </summary>
public static class Repl
{
    public static async Task<int> Run(ManagementClient client, CommandLine start, CmdConsole console, CancellationToken cancellation)
    {
        var history = new List<string>();
        var historyFile = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".payctl_history");
        await console.Out.WriteLineAsync($"payctl on {client.BaseUrl.GetLeftPart(UriPartial.Authority)}; 'help' lists palettes, 'exit' leaves.");
        while (!cancellation.IsCancellationRequested)
        {
            await console.Out.WriteAsync("payctl> ");
            await console.Out.FlushAsync(cancellation);
            var text = await console.In.ReadLineAsync(cancellation);
            if (text is null) break; // end of input (Ctrl-D)
            text = text.Trim();
            if (text.Length == 0) continue;
            history.Add(text);
            if (console.Interactive) TryAppend(historyFile, text);
            switch (text)
            {
                case "exit" or "quit":
                    return ExitCodes.Ok;
                case "help" or "?":
                    await console.Out.WriteLineAsync(PayCtl.Usage);
                    continue;
                case "history":
                    for (var i = 0; i < history.Count; i++) await console.Out.WriteLineAsync($"{i + 1,4}  {history[i]}");
                    continue;
            }
            try
            {
                var parsed = CommandLine.Parse(CommandLine.Split(text));
                var line = parsed with { Json = parsed.Json || start.Json };
                await PayCtl.Execute(line, client, console, cancellation);
            }
            catch (UsageException e)
            {
                await console.Error.WriteLineAsync($"payctl: {e.Message}");
            }
        }
        return ExitCodes.Ok;
    }

    private static void TryAppend(string file, string line)
    {
        try { File.AppendAllLines(file, [line]); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
