namespace Akka.Payments.Shared.Management.Contracts;

/// <summary><c>GET /healthz</c>: the process answers.</summary>
public sealed record HealthResponse(string Status)
{
    public static readonly HealthResponse Alive = new("alive");
}

/// <summary><c>GET /ready</c>: 200 when every check holds, 503 otherwise.</summary>
public sealed record ReadinessResponse(bool Ready, IReadOnlyList<ReadinessCheckResult> Checks);

/// <param name="Problem">What is wrong, or <c>null</c> when the check holds.</param>
public sealed record ReadinessCheckResult(string Name, bool Ok, string? Problem);
