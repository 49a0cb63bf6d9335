using System.Text.Json.Serialization.Metadata;
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

/// <summary>
/// The ops plane's dead-letter store, asked of the ops singleton through this node's proxy: list, show, stats and
/// replays are reads; replay and purge change things and need the token. 503 while the singleton moves.
/// </summary>
public sealed class DeadLetterRoutes : IManagementRoutes
{
    public const int MaxList = 10_000;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public void Map(IEndpointRouteBuilder app, IServiceProvider host)
    {
        var json = ManagementJsonContext.Default;

        app.MapGet(ManagementPaths.OpsDlq, async (HttpRequest request, CancellationToken cancellation) =>
        {
            var query = request.Query;
            if (!SingletonAsk.TryCount(query, ManagementPaths.LimitParameter, 50, MaxList, out var limit))
                return SingletonAsk.BadCount(ManagementPaths.LimitParameter, MaxList);
            if (!SingletonAsk.TrySince(query, out var since)) return SingletonAsk.BadSince();
            return await Ask(new ListDeadLetters(Text(query, ManagementPaths.ReasonParameter), since, Text(query, ManagementPaths.KeyParameter),
                Text(query, ManagementPaths.StatusParameter), limit), json.DeadLetterListResponse, cancellation);
        });

        app.MapGet(ManagementPaths.OpsDlqStats, (CancellationToken cancellation) =>
            Ask(new GetDeadLetterStats(), json.DeadLetterStatsResponse, cancellation));

        app.MapGet(ManagementPaths.OpsDlqReplays, (CancellationToken cancellation) =>
            Ask(new GetReplayJobs(), json.ReplayJobsResponse, cancellation));

        app.MapGet(ManagementPaths.OpsDlqEntry, (string id, CancellationToken cancellation) =>
            SingletonAsk.Answer<OpsPlane>(host, new GetDeadLetter(id), "ops", AskTimeout, answer => answer is DeadLetterResponse found
                ? ManagementResults.Json(found, json.DeadLetterResponse)
                : ManagementResults.Error($"no dead letter '{id}'", StatusCodes.Status404NotFound), cancellation));

        app.MapPost(ManagementPaths.OpsDlqReplay, async (HttpRequest request, CancellationToken cancellation) =>
        {
            var body = await request.ReadFromJsonAsync(json.ReplayRequest, cancellation);
            if (body is null || (body.Ids is not { Count: > 0 } && body.Reason is null && body.Since is null))
                return ManagementResults.Error("a replay names dead letters: ids, or a reason and/or a since time", StatusCodes.Status400BadRequest);
            if (body.RatePerSecond is < 0 or > 10_000)
                return ManagementResults.Error("ratePerSecond is from 0 (the default rate) to 10000", StatusCodes.Status400BadRequest);
            return await Ask(new ReplayDeadLetters(body, ManagementAuthorization.TokenHolder(request.HttpContext)), json.ReplayResponse, cancellation);
        }).RequireToken();

        app.MapPost(ManagementPaths.OpsDlqPurge, async (HttpRequest request, CancellationToken cancellation) =>
        {
            var body = await request.ReadFromJsonAsync(json.PurgeRequest, cancellation);
            if (body is null || (body.Ids is not { Count: > 0 } && body.Reason is null && body.Since is null))
                return ManagementResults.Error("a purge names dead letters: ids, or a reason and/or a since time", StatusCodes.Status400BadRequest);
            if (string.IsNullOrWhiteSpace(body.Why))
                return ManagementResults.Error("a purge says why (why)", StatusCodes.Status400BadRequest);
            return await Ask(new PurgeDeadLetters(body, ManagementAuthorization.TokenHolder(request.HttpContext)), json.PurgeResponse, cancellation);
        }).RequireToken();

        Task<IResult> Ask<T>(IOpsMessage message, JsonTypeInfo<T> type, CancellationToken cancellation) =>
            SingletonAsk.Json<OpsPlane, T>(host, message, type, "ops", AskTimeout, cancellation);
    }


    private static string? Text(IQueryCollection query, string name) => query[name] is { Count: > 0 } v && v.ToString().Length > 0 ? v.ToString() : null;
}
