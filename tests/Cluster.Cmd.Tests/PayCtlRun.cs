namespace Akka.Payments.Cmd.Tests;

/// <summary>What one payctl run printed and returned.</summary>
public sealed record PayCtlRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs payctl in-process as the command line would, with <paramref name="input"/> as its stdin.</summary>
    public static async Task<PayCtlRun> WithInput(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PayCtl.RunAsync(args, new CmdConsole(new StringReader(input), output, error, interactive: false));
        return new PayCtlRun(code, output.ToString(), error.ToString());
    }

    public static Task<PayCtlRun> Of(params string[] args) => WithInput("", args);
}

/// <summary>A writer that keeps what it is given and cancels <see cref="Stop"/> once a line contains a text.</summary>
public sealed class StopWhenWritten(string text) : StringWriter
{
    public CancellationTokenSource Stop { get; } = new();

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value?.Contains(text, StringComparison.Ordinal) == true) Stop.Cancel();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Stop.Dispose();
        base.Dispose(disposing);
    }
}
