using System.Text;
using System.Text.Json;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Validation;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>
/// Writes events as Kafka records per the CloudEvents Kafka protocol binding. The key is always the account id.
/// Binary mode (what we produce): <c>ce_*</c> headers, <c>content-type: application/json</c>, the data as camelCase
/// JSON in the value. Structured mode: the whole CloudEvent as JSON in the value.
/// </summary>
public static class KafkaCloudEventEncoder
{
    private static readonly JsonEventFormatter Formatter = new();
    private static readonly byte[] SpecVersionBytes = "1.0"u8.ToArray();
    private static readonly byte[] JsonContentTypeBytes = Encoding.UTF8.GetBytes(CloudEventHeaders.JsonContentType);

    public static Message<string, byte[]> Binary(IInputEvent input, string id, string source, DateTimeOffset time) =>
        Binary(input.AccountId, SerializeData(input), new CloudEventAttributes(id, EventCatalog.Of(input).Type, source, time));

    public static Message<string, byte[]> Binary(IOutcomeEvent outcome, string id, string source) =>
        Binary(outcome.AccountId, SerializeData(outcome), new CloudEventAttributes(id, EventCatalog.Of(outcome).Type, source, outcome.ProcessedAt));

    public static Message<string, byte[]> Structured(IInputEvent input, string id, string source, DateTimeOffset time) =>
        Structured(input.AccountId, SerializeData(input), new CloudEventAttributes(id, EventCatalog.Of(input).Type, source, time));

    public static Message<string, byte[]> Structured(IOutcomeEvent outcome, string id, string source) =>
        Structured(outcome.AccountId, SerializeData(outcome), new CloudEventAttributes(id, EventCatalog.Of(outcome).Type, source, outcome.ProcessedAt));

    /// <summary>Binary mode for any data already serialized as JSON.</summary>
    public static Message<string, byte[]> Binary(string key, byte[] jsonData, CloudEventAttributes attributes) => new()
    {
        Key = key,
        Value = jsonData,
        Headers = new Headers
        {
            { CloudEventHeaders.SpecVersion, SpecVersionBytes },
            { CloudEventHeaders.Id, Encoding.UTF8.GetBytes(attributes.Id) },
            { CloudEventHeaders.Source, Encoding.UTF8.GetBytes(attributes.Source) },
            { CloudEventHeaders.Type, Encoding.UTF8.GetBytes(attributes.Type) },
            { CloudEventHeaders.Time, Encoding.UTF8.GetBytes(Rfc3339.Format(attributes.Time)) },
            { CloudEventHeaders.ContentType, JsonContentTypeBytes },
        },
    };

    /// <summary>Structured mode (<c>application/cloudevents+json</c>), written by the CloudEvents SDK's formatter.</summary>
    public static Message<string, byte[]> Structured(string key, byte[] jsonData, CloudEventAttributes attributes)
    {
        using var data = JsonDocument.Parse(jsonData);
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = attributes.Id,
            Type = attributes.Type,
            Source = new Uri(attributes.Source, UriKind.RelativeOrAbsolute),
            Time = attributes.Time,
            DataContentType = CloudEventHeaders.JsonContentType,
            Data = data.RootElement,
        };
        var value = Formatter.EncodeStructuredModeMessage(cloudEvent, out var contentType);
        return new Message<string, byte[]>
        {
            Key = key,
            Value = value.ToArray(),
            Headers = new Headers { { CloudEventHeaders.ContentType, Encoding.UTF8.GetBytes(contentType.ToString()) } },
        };
    }

    /// <summary>The event's data: camelCase JSON of the concrete record, without a type discriminator.</summary>
    public static byte[] SerializeData(IInputEvent input) => EventCatalog.Of(input).Serialize(input);

    /// <inheritdoc cref="SerializeData(IInputEvent)"/>
    public static byte[] SerializeData(IOutcomeEvent outcome) => EventCatalog.Of(outcome).Serialize(outcome);
}
