using Akka.Event;
using Akka.Payments.Node.Kafka.Streams;
using Akka.Payments.Shared.CloudEvents;

namespace Akka.Payments.Node.Pipeline;

/// <summary>What the payment stream needs besides Kafka clients and the region.</summary>
/// <param name="Abort">Cancelled when asking the entities is pointless (the ActorSystem has terminated).</param>
/// <param name="Log">Where the stream says what it dead-letters after an entity failed to decide (defaults to nowhere).</param>
public sealed record PaymentStreamOptions(
    int Parallelism,
    KafkaCloudEventDecoder Decoder,
    CommitterSettings Committer,
    StreamMetrics Metrics,
    CancellationToken Abort = default,
    ILoggingAdapter? Log = null);
