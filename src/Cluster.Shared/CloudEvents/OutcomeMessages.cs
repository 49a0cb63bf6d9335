using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Shared.CloudEvents;

/// <summary>Builds the <see cref="Topics.Processed"/> record of an outcome: binary mode, deterministic id, time = processedAt.</summary>
public static class OutcomeMessages
{
    public const string DefaultSource = "/akka-payments/node";

    public static Message<string, byte[]> ToMessage(IOutcomeEvent outcome, string source = DefaultSource) =>
        KafkaCloudEventEncoder.Binary(outcome, OutcomeIds.For(outcome), source);
}
