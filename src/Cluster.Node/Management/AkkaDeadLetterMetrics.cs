using Akka.Payments.Management;
using Akka.Payments.Node.Ops;

namespace Akka.Payments.Node.Management;

/// <summary>Prometheus figures of this node's undelivered Akka messages (<see cref="AkkaDeadLetters"/>): totals per
/// kind, the last minute's count and whether the alert is on.</summary>
public sealed class AkkaDeadLetterMetrics(AkkaDeadLetters counts) : IMetricsSource
{
    public Task Write(PrometheusWriter w, CancellationToken cancellation)
    {
        const string total = "payments_akka_dead_letters_total";
        w.Family(total, "counter", "Akka messages this node could not deliver: dead letters, unhandled and dropped messages.");
        foreach (var kind in Enum.GetValues<AkkaDeadLetterKind>())
            w.Sample(total, counts.Total(kind), ("kind", AkkaDeadLetters.Name(kind)));
        w.Family("payments_akka_dead_letters_per_minute", "gauge", "Undelivered Akka messages of every kind in the last 60 seconds.")
            .Sample("payments_akka_dead_letters_per_minute", counts.LastMinute());
        w.Family("payments_akka_dead_letters_alert", "gauge", "1 while the last minute is at or over Payments:Ops:DeadLetterAlertPerMinute, else 0.")
            .Sample("payments_akka_dead_letters_alert", counts.AlertOn ? 1 : 0);
        return Task.CompletedTask;
    }
}
