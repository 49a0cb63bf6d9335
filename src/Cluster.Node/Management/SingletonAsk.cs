using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Management;

/// <summary>
/// What the plane routes share: asking a singleton through this node's proxy (503 while it starts or moves, instead
/// of a 500), and reading the <c>since</c> and <c>limit</c> query parameters (400 naming the parameter).
/// </summary>
public static class SingletonAsk
{
    public static async Task<IResult> Json<TPlane, T>(
        IServiceProvider host, object message, JsonTypeInfo<T> type, string plane, TimeSpan timeout, CancellationToken cancellation)
    {
        var singleton = await host.GetRequiredService<IRequiredActor<TPlane>>().GetAsync(cancellation);
        try
        {
            return ManagementResults.Json(await singleton.Ask<T>(message, timeout, cancellation), type);
        }
        catch (AskTimeoutException)
        {
            return Moving(plane, timeout);
        }
    }

    /// <summary>Asks a singleton a command whose answer is one of several (a result, a refusal, not found) and turns
    /// it into a response with <paramref name="answer"/>; 503 while the singleton starts or moves.</summary>
    public static async Task<IResult> Answer<TPlane>(
        IServiceProvider host, object message, string plane, TimeSpan timeout, Func<object, IResult> answer, CancellationToken cancellation)
    {
        var singleton = await host.GetRequiredService<IRequiredActor<TPlane>>().GetAsync(cancellation);
        try
        {
            return answer(await singleton.Ask<object>(message, timeout, cancellation));
        }
        catch (AskTimeoutException)
        {
            return Moving(plane, timeout);
        }
    }

    /// <summary>A 500 for an answer a route does not know.</summary>
    public static IResult Unexpected(object answer) =>
        ManagementResults.Error($"unexpected answer {answer.GetType().Name}", StatusCodes.Status500InternalServerError);

    public static IResult Moving(string plane, TimeSpan timeout) => ManagementResults.Error(
        $"the {plane} singleton did not answer within {timeout.TotalSeconds:0} s: it is starting, or moving to another node",
        StatusCodes.Status503ServiceUnavailable);

    /// <summary>The <c>since</c> parameter (null when absent); false when it is not a time.</summary>
    public static bool TrySince(IQueryCollection query, out DateTimeOffset? since)
    {
        since = null;
        if (query[ManagementPaths.SinceParameter] is not { Count: > 0 } value) return true;
        if (!DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        since = parsed;
        return true;
    }

    public static IResult BadSince() =>
        ManagementResults.Error($"{ManagementPaths.SinceParameter} is a time such as 2026-11-29T18:00:00Z", StatusCodes.Status400BadRequest);

    /// <summary>The whole-number parameter <paramref name="name"/> (<paramref name="fallback"/> when absent); false when it
    /// is not from 1 to <paramref name="max"/>.</summary>
    public static bool TryCount(IQueryCollection query, string name, int fallback, int max, out int count)
    {
        count = fallback;
        return query[name] is not { Count: > 0 } value
               || (int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 && count <= max);
    }

    public static IResult BadCount(string name, int max) =>
        ManagementResults.Error($"{name} is a whole number from 1 to {max}", StatusCodes.Status400BadRequest);
}
