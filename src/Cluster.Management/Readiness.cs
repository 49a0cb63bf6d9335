using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Management;

/// <summary>Runs every <see cref="IReadinessCheck"/>: what <c>/ready</c> answers and what a node reports to the ops
/// plane. A check that throws fails with its message.</summary>
public static class Readiness
{
    public static async Task<ReadinessResponse> Evaluate(IEnumerable<IReadinessCheck> checks, CancellationToken cancellation)
    {
        var results = new List<ReadinessCheckResult>();
        foreach (var check in checks)
        {
            string? problem;
            try { problem = await check.Check(cancellation).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested) { problem = e.Message; }
            results.Add(new ReadinessCheckResult(check.Name, problem is null, problem));
        }
        return new ReadinessResponse(results.All(r => r.Ok), results);
    }
}
