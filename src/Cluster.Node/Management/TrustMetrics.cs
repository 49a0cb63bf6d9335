using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Node.Management;

/// <summary>
/// Prometheus gauges of the trust plane's last closed window (latest revision). Only the node that hosts the
/// singleton writes them, so that a scrape of every node does not count one window once per node.
/// </summary>
public sealed class TrustMetrics(IRequiredActor<TrustPlane> trust, ActorSystem system) : IMetricsSource
{
    public async Task Write(PrometheusWriter w, CancellationToken cancellation)
    {
        TrustWindowsResponse reply;
        try
        {
            reply = await (await trust.GetAsync(cancellation)).Ask<TrustWindowsResponse>(new GetTrustWindows(1), TimeSpan.FromSeconds(2), cancellation);
        }
        catch (AskTimeoutException)
        {
            return; // the singleton is moving: the next scrape has it
        }
        if (reply.Host != Akka.Cluster.Cluster.Get(system).SelfAddress.ToString() || reply.Windows.Count == 0) return;

        var window = reply.Windows[0];
        const string Of = " of the trust plane's last closed window.";
        w.Family("payments_trust_window_end_timestamp_seconds", "gauge", "End (Unix time)" + Of)
            .Sample("payments_trust_window_end_timestamp_seconds", window.End.ToUnixTimeMilliseconds() / 1000.0);
        w.Family("payments_trust_window_revision", "gauge", "Revision (1 = as closed, more = restated)" + Of)
            .Sample("payments_trust_window_revision", window.Revision);
        w.Family("payments_trust_window_confirmed", "gauge", "Distinct confirmed payments per currency" + Of);
        foreach (var (currency, total) in window.Confirmed) w.Sample("payments_trust_window_confirmed", total.Count, ("currency", currency));
        w.Family("payments_trust_window_confirmed_amount", "gauge", "Confirmed amount per currency" + Of);
        foreach (var (currency, total) in window.Confirmed)
            w.Sample("payments_trust_window_confirmed_amount", (double)total.Amount, ("currency", currency));
        w.Family("payments_trust_window_declined", "gauge", "Distinct declined payments per reason" + Of);
        foreach (var (reason, count) in window.Declined) w.Sample("payments_trust_window_declined", count, ("reason", reason));
        w.Family("payments_trust_window_credits", "gauge", "Distinct applied credits per currency" + Of);
        foreach (var (currency, total) in window.Credits) w.Sample("payments_trust_window_credits", total.Count, ("currency", currency));
        w.Family("payments_trust_window_dead_letters", "gauge", "Distinct dead letters per reason" + Of);
        foreach (var (reason, count) in window.DeadLetters) w.Sample("payments_trust_window_dead_letters", count, ("reason", reason));
        w.Family("payments_trust_window_latency_seconds", "gauge", "End-to-end latency quantiles (input time to processedAt)" + Of)
            .Sample("payments_trust_window_latency_seconds", window.Latency.P50Micros / 1e6, ("quantile", "0.5"))
            .Sample("payments_trust_window_latency_seconds", window.Latency.P95Micros / 1e6, ("quantile", "0.95"))
            .Sample("payments_trust_window_latency_seconds", window.Latency.P99Micros / 1e6, ("quantile", "0.99"))
            .Sample("payments_trust_window_latency_seconds", window.Latency.MaxMicros / 1e6, ("quantile", "1"));
        w.Family("payments_trust_window_sla_misses", "gauge", "Outcomes slower than the SLA" + Of)
            .Sample("payments_trust_window_sla_misses", window.Latency.SlaMisses);
        w.Family("payments_trust_window_dead_letter_share", "gauge", "Dead letters / (outcomes + dead letters)" + Of)
            .Sample("payments_trust_window_dead_letter_share", window.Quality.DeadLetterShare);
        w.Family("payments_trust_window_duplicates", "gauge", "Duplicate records read and not counted again" + Of)
            .Sample("payments_trust_window_duplicates", window.Quality.DuplicateOutcomes, ("kind", "outcome"))
            .Sample("payments_trust_window_duplicates", window.Quality.DuplicateDeadLetters, ("kind", "dead_letter"));
        w.Family("payments_trust_window_late_records", "gauge", "Records that arrived after the window closed" + Of)
            .Sample("payments_trust_window_late_records", window.Quality.LateRecords);
    }
}
