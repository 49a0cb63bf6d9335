using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Bench;

/// <summary>The rules every system under test decides with: the defaults, with the velocity and daily limits out of
/// reach, so that the load's few hundred payments per account per minute are decided on balance and amount alone.</summary>
public static class BenchRules
{
    public static PaymentRules Relaxed { get; } = PaymentRules.Default with { VelocityPerMinute = 1_000_000, DailyLimit = 1_000_000_000m };
}
