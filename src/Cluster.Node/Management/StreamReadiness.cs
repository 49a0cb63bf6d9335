using Akka.Payments.Node.Pipeline;
using Akka.Payments.Shared.Management;

namespace Akka.Payments.Node.Management;

/// <summary>Ready only while the payment stream is materialized and not completed (not between restarts).</summary>
public sealed class StreamReadiness(PaymentStreamService stream) : IReadinessCheck
{
    public string Name => "stream";

    public Task<string?> Check(CancellationToken cancellation) =>
        Task.FromResult(stream.IsRunning ? null : "the payment stream is not running (starting, restarting after a failure, or stopped)");
}
