using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Akka.Payments.Management;

/// <summary>
/// Read-only routes are open (the endpoint binds loopback unless a token is configured); routes that change anything
/// need <c>Authorization: Bearer &lt;token&gt;</c>, compared in constant time. A refusal is 401 and does nothing.
/// Every such command, taken or refused, is reported to the <see cref="IManagementAudit"/> when one is registered.
/// </summary>
public static class ManagementAuthorization
{
    /// <summary>Request bodies are audited up to this many bytes.</summary>
    public const int MaxAuditedBody = 4096;

    public static TBuilder RequireToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var token = http.RequestServices.GetService(typeof(ManagementToken)) as ManagementToken;
            var header = http.Request.Headers.Authorization.ToString();
            var allowed = token is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) && token.Matches(header["Bearer ".Length..].Trim());
            var result = allowed
                ? await next(context)
                : ManagementResults.Error(
                    $"this command changes the cluster: send Authorization: Bearer <token> (Management:Token or <data dir>/{ManagementEndpoint.TokenFileName})",
                    StatusCodes.Status401Unauthorized);
            if (http.RequestServices.GetService(typeof(IManagementAudit)) is IManagementAudit audit)
                audit.Record(await Entry(http, allowed, result));
            return result;
        });

    /// <summary>Who sent a command with the token, as the audit and the planes name them: <c>token@&lt;caller address&gt;</c>.</summary>
    public static string TokenHolder(HttpContext http) => $"token@{http.Connection.RemoteIpAddress}";

    private static async Task<AuditEntry> Entry(HttpContext http, bool allowed, object? result)
    {
        var request = http.Request;
        var body = "";
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[MaxAuditedBody];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read))) > 0) read += n;
            body = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        var arguments = string.Join(" ", new[] { request.QueryString.Value ?? "", body }.Where(a => a.Length > 0));
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        var by = allowed ? TokenHolder(http) : $"refused@{http.Connection.RemoteIpAddress}";
        var node = http.RequestServices.GetService(typeof(ManagementNodeName)) is ManagementNodeName name ? name.Value : "";
        return new AuditEntry(DateTimeOffset.UtcNow, node, $"{request.Method} {request.Path}", arguments, by, status);
    }
}

/// <summary>How the endpoint names its node in audit entries (the node's cluster address).</summary>
public sealed record ManagementNodeName(string Value);
