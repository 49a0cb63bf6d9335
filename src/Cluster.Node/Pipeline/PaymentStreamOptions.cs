using Akka.Event;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.Streams;

namespace Akka.Payments.Node.Pipeline;

/// <summary>What the payment stream needs besides Kafka clients and the region.</summary>
/// <param name="Abort">Cancelled when asking the entities is pointless (the ActorSystem has terminated).</param>
/// <param name="Log">Where the stream says what it dead-letters after an entity failed to decide (defaults to nowhere).</param>
/// <param name="Topics">The topics it reads and writes (the core topics unless a spec gives its own).</param>
public sealed record PaymentStreamOptions(
    int Parallelism,
    KafkaCloudEventDecoder Decoder,
    CommitterSettings Committer,
    StreamMetrics Metrics,
    CancellationToken Abort = default,
    ILoggingAdapter? Log = null,
    StreamTopics? Topics = null)
{
    public StreamTopics Topics { get; init; } = Topics ?? StreamTopics.Core;
}

/// <summary>Input, outcome and dead-letter topics of the payment stream.</summary>
public sealed record StreamTopics(string Input, string Processed, string DeadLetters)
{
    public static readonly StreamTopics Core = new(Shared.Topics.Requested, Shared.Topics.Processed, Shared.Topics.DeadLetters);
}
