using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Journal;
using Akka.Payments.Node.Pipeline;

namespace Akka.Payments.Node.Management;

/// <summary>
/// The node's metrics: stream outcomes and in-flight records (<see cref="StreamMetrics"/>), consumer lag per
/// partition, shards and entities hosted by this node's account region, the journal write latency of accounts and
/// how the journal groups writes into transactions.
/// </summary>
public sealed class NodeMetrics(
    PaymentStreamService stream,
    StreamMetrics streamMetrics,
    KafkaInspector kafka,
    IRequiredActor<AccountRegion> region,
    JournalWriteLatency writeLatency,
    DecisionOrigins origins,
    GroupCommitStats groupCommits) : IMetricsSource
{
    public async Task Write(PrometheusWriter w, CancellationToken cancellation)
    {
        var m = streamMetrics;
        w.Family("payments_outcomes_total", "counter", "Outcomes produced by the payment stream on this node.")
            .Sample("payments_outcomes_total", m.Confirmed, ("outcome", "confirmed"))
            .Sample("payments_outcomes_total", m.Declined, ("outcome", "declined"))
            .Sample("payments_outcomes_total", m.CreditsApplied, ("outcome", "credit_applied"));
        w.Family("payments_dead_lettered_total", "counter", "Records sent to the dead-letter topic by this node.")
            .Sample("payments_dead_lettered_total", m.DeadLettered);
        w.Family("payments_decision_failed_total", "counter", "Of those, records an account entity could not decide (reason decision_failed).")
            .Sample("payments_decision_failed_total", m.DecisionFailed);
        w.Family("payments_stream_restarts_total", "counter", "Times the payment stream ended on its own (failed) and was started again.")
            .Sample("payments_stream_restarts_total", stream.RestartCount);
        w.Family("payments_in_flight_records", "gauge", "Records taken from Kafka and not yet decided or dead-lettered.")
            .Sample("payments_in_flight_records", m.InFlight);

        w.Family("payments_partitions_assigned", "gauge", "1 for each partition the payment stream's consumer owns.");
        foreach (var tp in stream.Assignment) w.Sample("payments_partitions_assigned", 1, ("topic", tp.Topic), ("partition", tp.Partition.Value.ToString()));

        try
        {
            var lag = kafka.Lag();
            w.Family("payments_consumer_lag", "gauge", "End offset minus committed offset of the node's group, per partition.");
            foreach (var p in lag) w.Sample("payments_consumer_lag", p.Lag, ("topic", p.Topic), ("partition", p.Partition.ToString()));
        }
        catch (Confluent.Kafka.KafkaException) { /* Kafka unreachable: the family is left out; /ready tells why */ }

        var state = await (await region.GetAsync(cancellation))
            .Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(3), cancellation);
        w.Family("payments_shards", "gauge", "Account shards hosted by this node.").Sample("payments_shards", state.Shards.Count);
        w.Family("payments_entities", "gauge", "Account entities alive on this node.").Sample("payments_entities", state.Shards.Sum(s => s.EntityIds.Count));

        w.Family("payments_decisions_local_total", "counter", "Requests this node's accounts decided that this node's own stream asked for.")
            .Sample("payments_decisions_local_total", origins.Local);
        w.Family("payments_decisions_remote_total", "counter", "Requests this node's accounts decided that another node's stream asked for (they crossed the network).")
            .Sample("payments_decisions_remote_total", origins.Remote);

        const string latency = "payments_journal_write_seconds";
        var (buckets, sum, count) = writeLatency.Read();
        w.Family(latency, "histogram", "From PersistAsync to the journal's confirmation, as account entities see it (batching queue included).");
        foreach (var (upper, cumulative) in buckets)
            w.Sample(latency + "_bucket", cumulative, ("le", double.IsPositiveInfinity(upper) ? "+Inf" : upper.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        w.Sample(latency + "_sum", sum).Sample(latency + "_count", count);

        w.Family("payments_journal_groups_total", "counter", "Transactions the group-commit journal committed.")
            .Sample("payments_journal_groups_total", groupCommits.Groups);
        w.Family("payments_journal_grouped_rows_total", "counter", "Rows those transactions carried (rows per group: how much a transaction is shared).")
            .Sample("payments_journal_grouped_rows_total", groupCommits.Rows);
    }
}
