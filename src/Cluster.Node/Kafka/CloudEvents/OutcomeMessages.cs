using System.Text;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>The <see cref="Topics.Processed"/> record of an outcome: binary mode, deterministic id, time = processedAt.</summary>
public static class OutcomeMessages
{
    public const string DefaultSource = "/akka-payments/node";

    public static Message<string, byte[]> ToMessage(IOutcomeEvent outcome, string source = DefaultSource) =>
        KafkaCloudEventEncoder.Binary(outcome, OutcomeIds.For(outcome), source);

    /// <summary>Reads an outcome back from a binary-mode record (as <see cref="ToMessage"/> writes it); null when
    /// the record is not an outcome.</summary>
    public static IOutcomeEvent? FromMessage(Message<string, byte[]> message)
    {
        if (message.Headers is null || !message.Headers.TryGetLastBytes(CloudEventHeaders.Type, out var typeBytes))
            return null;
        return EventCatalog.For(Encoding.UTF8.GetString(typeBytes)) is { Topic: Topics.Processed } outcome
            ? outcome.Deserialize(message.Value) as IOutcomeEvent
            : null;
    }
}
