using Spectre.Console;

namespace Akka.Payments.Cmd;

/// <summary>Where payctl reads and writes: the terminal, or (in tests) strings. Tables go through Spectre.Console.</summary>
public sealed class CmdConsole(TextReader input, TextWriter output, TextWriter error, bool interactive)
{
    public TextReader In { get; } = input;
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public bool Interactive { get; } = interactive;

    public IAnsiConsole Tables { get; } = CreateAnsi(output, interactive);

    public static CmdConsole System() =>
        new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected && !Console.IsOutputRedirected);

    private static IAnsiConsole CreateAnsi(TextWriter output, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive) console.Profile.Width = 200; // redirected: no terminal to wrap tables for
        return console;
    }
}
