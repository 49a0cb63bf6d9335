namespace Akka.Payments.Shared.Management.Contracts;

/// <summary>
/// Where a management endpoint is found, as the server and payctl both assume it: the default address, and the
/// files a process writes into its data dir so that a local payctl finds it without arguments.
/// </summary>
public static class ManagementEndpoint
{
    public const int DefaultPort = 9110;

    /// <summary><c>127.0.0.1:9110</c>: loopback, so read-only commands need no token.</summary>
    public const string DefaultHost = "127.0.0.1:9110";

    public const string DefaultUrl = "http://" + DefaultHost;

    /// <summary>Written on start with the URL actually bound (port 0 picks one), removed on stop.</summary>
    public const string UrlFileName = "management.url";

    /// <summary>The generated token (mode 0600) when <c>Management:Token</c> is not configured.</summary>
    public const string TokenFileName = "management.token";
}
