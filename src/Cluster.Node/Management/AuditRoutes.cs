using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Ops;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary><c>GET /ops/audit?since=&amp;limit=</c>: the ops plane's audit trail of mutating commands, newest first.</summary>
public sealed class AuditRoutes : IManagementRoutes
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        app.MapGet(ManagementPaths.OpsAudit, async (HttpRequest request, CancellationToken cancellation) =>
        {
            var query = request.Query;
            var limit = 100;
            if (query[ManagementPaths.LimitParameter] is { Count: > 0 } l
                && (!int.TryParse(l.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100_000))
                return ManagementResults.Error($"{ManagementPaths.LimitParameter} is a whole number from 1 to 100000", StatusCodes.Status400BadRequest);
            DateTimeOffset? since = null;
            if (query[ManagementPaths.SinceParameter] is { Count: > 0 } s)
            {
                if (!DateTimeOffset.TryParse(s.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    return ManagementResults.Error($"{ManagementPaths.SinceParameter} is a time such as 2026-11-29T18:00:00Z", StatusCodes.Status400BadRequest);
                since = parsed;
            }
            var ops = await host.GetRequiredService<IRequiredActor<OpsPlane>>().GetAsync(cancellation);
            try
            {
                return ManagementResults.Json(await ops.Ask<AuditResponse>(new GetAudit(since, limit), AskTimeout, cancellation),
                    ManagementJsonContext.Default.AuditResponse);
            }
            catch (AskTimeoutException)
            {
                return ManagementResults.Error("the ops singleton did not answer: it is starting, or moving to another node", StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}
