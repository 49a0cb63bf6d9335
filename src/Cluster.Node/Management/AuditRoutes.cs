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
            if (!SingletonAsk.TryCount(query, ManagementPaths.LimitParameter, 100, 100_000, out var limit))
                return SingletonAsk.BadCount(ManagementPaths.LimitParameter, 100_000);
            if (!SingletonAsk.TrySince(query, out var since)) return SingletonAsk.BadSince();
            return await SingletonAsk.Json<OpsPlane, AuditResponse>(host, new GetAudit(since, limit), ManagementJsonContext.Default.AuditResponse,
                "ops", AskTimeout, cancellation);
        });
    }
}
