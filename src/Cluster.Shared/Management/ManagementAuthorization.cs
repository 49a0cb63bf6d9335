using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Akka.Payments.Shared.Management;

/// <summary>
/// Read-only routes are open (the endpoint binds loopback unless a token is configured); routes that change anything
/// need <c>Authorization: Bearer &lt;token&gt;</c>, compared in constant time. A refusal is 401 and does nothing.
/// </summary>
public static class ManagementAuthorization
{
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var token = context.HttpContext.RequestServices.GetService(typeof(ManagementToken)) as ManagementToken;
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            if (token is null || !header.StartsWith("Bearer ", StringComparison.Ordinal) || !token.Matches(header["Bearer ".Length..].Trim()))
                return Results.Json(new { error = "this command changes the cluster: send Authorization: Bearer <token> (Management:Token or <data dir>/management.token)" },
                    statusCode: StatusCodes.Status401Unauthorized);
            return await next(context);
        });
}

/// <summary>The token mutating routes require.</summary>
public sealed class ManagementToken(string value)
{
    public string Value { get; } = value;

    public bool Matches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Value));

    /// <summary>The configured token, or a new random one written to the data dir with mode 0600.</summary>
    public static ManagementToken ConfiguredOrGenerated(ManagementOptions options, out string? writtenTo)
    {
        writtenTo = null;
        if (options.Token is not null) return new ManagementToken(options.Token);
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        Directory.CreateDirectory(options.DataDir);
        writtenTo = Path.Combine(options.DataDir, ManagementOptions.TokenFileName);
        File.Delete(writtenTo);
        using (var stream = OperatingSystem.IsWindows()
                   ? new FileStream(writtenTo, FileMode.CreateNew, FileAccess.Write)
                   : new FileStream(writtenTo, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew,
                       Access = FileAccess.Write,
                       UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                   }))
        using (var writer = new StreamWriter(stream))
            writer.WriteLine(value);
        return new ManagementToken(value);
    }
}
