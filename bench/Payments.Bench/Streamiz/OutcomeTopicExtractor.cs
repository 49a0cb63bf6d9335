using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Shared;
using Streamiz.Kafka.Net.Processors;

namespace Akka.Payments.Bench.Streamiz;

/// <summary>Sends each record the decider emits to its topic: a dead letter (it carries <c>dlq_reason</c>) to
/// <see cref="Topics.DeadLetters"/>, an outcome to <see cref="Topics.Processed"/>. One sink, so that each input
/// yields exactly one output record.</summary>
public sealed class OutcomeTopicExtractor : ITopicNameExtractor<string, byte[]>
{
    public string Extract(string key, byte[] value, IRecordContext recordContext) =>
        recordContext.Headers is { } headers && headers.TryGetLastBytes(DeadLetterHeaders.ReasonHeader, out _)
            ? Topics.DeadLetters
            : Topics.Processed;
}
