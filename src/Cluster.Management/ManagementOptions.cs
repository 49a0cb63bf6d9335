using System.Net;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.Extensions.Configuration;

namespace Akka.Payments.Management;

/// <summary>
/// Where the management endpoint listens and who may change things: <c>Management:Url</c> (default
/// <c>http://127.0.0.1:9110</c>; port 0 picks a free one; env <c>Management__Url</c>) and <c>Management:Token</c>
/// (env <c>Management__Token</c>; empty: one is generated at start and written to <c>&lt;data dir&gt;/management.token</c>).
/// </summary>
public sealed record ManagementOptions(Uri Url, string? Token, string DataDir)
{
    public const string UrlKey = "Management:Url";
    public const string TokenKey = "Management:Token";

    public bool IsLoopback =>
        Url.IsLoopback || (IPAddress.TryParse(Url.Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Reads and checks the settings; a bad one throws <see cref="InvalidManagementSettingException"/>.</summary>
    public static ManagementOptions From(IConfiguration config, string dataDir)
    {
        var raw = string.IsNullOrWhiteSpace(config[UrlKey]) ? ManagementEndpoint.DefaultUrl : config[UrlKey]!.Trim();
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.AbsolutePath != "/")
            throw new InvalidManagementSettingException(UrlKey, raw, "an http URL such as http://127.0.0.1:9110 (port 0 picks a free port)");
        var token = string.IsNullOrWhiteSpace(config[TokenKey]) ? null : config[TokenKey]!.Trim();
        var options = new ManagementOptions(url, token, Path.GetFullPath(dataDir));
        if (!options.IsLoopback && token is null)
            throw new InvalidManagementSettingException(TokenKey, "",
                $"a token when {UrlKey} binds a non-loopback address ({raw}); read-only commands need no token only on loopback");
        return options;
    }
}
