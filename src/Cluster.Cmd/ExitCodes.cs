namespace Akka.Payments.Cmd;

/// <summary>payctl's exit codes, for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The node answered but the command failed or was refused (401, 404, 5xx).</summary>
    public const int Failed = 1;
    /// <summary>Bad arguments: usage printed.</summary>
    public const int Usage = 2;
    /// <summary>No management endpoint answered at the host.</summary>
    public const int Unreachable = 3;
}

/// <summary>Bad arguments for a command; payctl prints the message and the command's usage and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A command that did not succeed; payctl prints the one-line message and exits with the code.</summary>
public sealed class CommandFailedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
