using System.Text;
using System.Text.Json;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;
using Confluent.Kafka;

namespace Akka.Payments.Shared.CloudEvents;

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
        var data = message.Value;
        return Encoding.UTF8.GetString(typeBytes) switch
        {
            EventTypes.CreditApplied => JsonSerializer.Deserialize(data, PaymentsJsonContext.Default.CreditApplied),
            EventTypes.PaymentConfirmed => JsonSerializer.Deserialize(data, PaymentsJsonContext.Default.PaymentConfirmed),
            EventTypes.PaymentDeclined => JsonSerializer.Deserialize(data, PaymentsJsonContext.Default.PaymentDeclined),
            _ => null,
        };
    }
}
