using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Cmd;

/// <summary>
/// Which endpoint payctl talks to and with which token. Host: the argument, else <c>&lt;data dir&gt;/management.url</c>,
/// else 127.0.0.1:9110. Token: <c>--token</c>, else <c>PAYCTL_TOKEN</c>, else <c>&lt;data dir&gt;/management.token</c>.
/// Data dir: <c>--data-dir</c>, else <c>PAYMENTS_DATA_DIR</c>, else <c>./data</c>.
/// </summary>
public sealed record Target(Uri Url, string? Token)
{
    public static Target Resolve(CommandLine line)
    {
        var dataDir = line.Options.GetValueOrDefault("--data-dir")
            ?? (Environment.GetEnvironmentVariable("PAYMENTS_DATA_DIR") is { Length: > 0 } env ? env : "./data");
        var host = line.Host ?? ReadFile(Path.Combine(dataDir, ManagementEndpoint.UrlFileName)) ?? ManagementEndpoint.DefaultHost;
        var text = host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new UsageException($"'{host}' is not host:port");
        var token = line.Options.GetValueOrDefault("--token")
            ?? (Environment.GetEnvironmentVariable("PAYCTL_TOKEN") is { Length: > 0 } t ? t : null)
            ?? ReadFile(Path.Combine(dataDir, ManagementEndpoint.TokenFileName));
        return new Target(url, token);
    }

    private static string? ReadFile(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } s ? s : null : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
