using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Akka.Payments.Management;

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
                return ManagementResults.Error(
                    $"this command changes the cluster: send Authorization: Bearer <token> (Management:Token or <data dir>/{ManagementEndpoint.TokenFileName})",
                    StatusCodes.Status401Unauthorized);
            return await next(context);
        });
}
