using System.Text;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Validation;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>The <see cref="Topics.Processed"/> record of an outcome: binary mode, deterministic id, time = processedAt,
/// and, when known, the input's time as the <c>ce_inputtime</c> extension.</summary>
public static class OutcomeMessages
{
    public const string DefaultSource = "/akka-payments/node";

    public static Message<string, byte[]> ToMessage(IOutcomeEvent outcome, DateTimeOffset? inputTime = null, string source = DefaultSource)
    {
        var message = KafkaCloudEventEncoder.Binary(outcome, OutcomeIds.For(outcome), source);
        if (inputTime is { } time) message.Headers.Add(CloudEventHeaders.InputTime, Encoding.UTF8.GetBytes(Rfc3339.Format(time)));
        return message;
    }

    /// <summary>When the input happened: its <c>ce_time</c>, else the time in its data.</summary>
    public static DateTimeOffset InputTimeOf(DecodedInput input) => input.Time ?? input.Event switch
    {
        PaymentRequested p => p.RequestedAt,
        AccountCredited c => c.CreditedAt,
        _ => throw new ArgumentException($"{input.Event.GetType().Name} has no time", nameof(input)),
    };

    /// <summary>The <c>ce_inputtime</c> of an outcome record; null when missing or unreadable.</summary>
    public static DateTimeOffset? ReadInputTime(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes(CloudEventHeaders.InputTime, out var bytes) && Rfc3339.TryParse(bytes, out var time)
            ? time
            : null;

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
