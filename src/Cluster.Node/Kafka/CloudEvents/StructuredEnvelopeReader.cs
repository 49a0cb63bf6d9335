using System.Text;
using System.Text.Json;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Validation;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>
/// Reads a structured-mode CloudEvent (<c>application/cloudevents+json</c>) into an <see cref="Envelope"/>. Every
/// attribute, extensions included, is a string, number or boolean of at most <see cref="InputLimits.MaxAttributeLength"/>
/// printable characters; each appears once.
/// </summary>
internal static class StructuredEnvelopeReader
{
    private const int SpecVersion = 1, Id = 2, Source = 4, Type = 8, Time = 16, DataContentType = 32, Data = 64,
        Subject = 128, DataSchema = 256;

    public static Rejection? Read(ReadOnlySpan<byte> value, ReadOnlySpan<byte> contentType, ref Envelope envelope)
    {
        if (contentType.IndexOf("json"u8) < 0)
            return Rejection.Undecodable($"structured format '{InputLimits.Excerpt(contentType)}' is not supported, only application/cloudevents+json");
        try
        {
            return ReadJson(value, ref envelope);
        }
        catch (JsonException e)
        {
            return Rejection.Undecodable($"structured CloudEvent is not valid JSON: {e.Message}");
        }
    }

    private static Rejection? ReadJson(ReadOnlySpan<byte> value, ref Envelope envelope)
    {
        var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = InputLimits.MaxJsonDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return Rejection.Undecodable("structured CloudEvent must be a JSON object");

        var seen = 0;
        var hasType = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (attribute, name) = Name(ref reader);
            if (name is null) return Rejection.Undecodable("structured CloudEvent has an attribute name that is not valid Unicode text");
            if (attribute != 0 && (seen & attribute) != 0)
                return Rejection.Undecodable($"attribute {(attribute == Data ? "data" : name)} appears more than once");
            seen |= attribute;
            reader.Read();

            if (attribute == Data)
            {
                if (name == "data_base64")
                {
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out var bytes))
                        return Rejection.Undecodable("attribute data_base64 is not base64");
                    envelope.Data = bytes;
                }
                else
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    envelope.Data = value[start..(int)reader.BytesConsumed];
                }
                continue;
            }
            if (attribute == 0)
            {
                if (Extension(ref reader, name) is { } badExtension) return badExtension;
                continue;
            }
            if (reader.TokenType != JsonTokenType.String)
                return Rejection.Undecodable($"attribute {name} must be a string");

            // The attribute's text, unescaped: straight from the JSON when it has no escapes (the hot path).
            string? text = null;
            if (reader.ValueIsEscaped && !JsonText.TryGetString(ref reader, out text))
                return Rejection.SchemaViolation($"attribute {name} is not valid Unicode text (an unpaired surrogate)");
            var problem = text is null
                ? InputLimits.CheckText(reader.ValueSpan, InputLimits.MaxAttributeLength)
                : InputLimits.CheckText(text, InputLimits.MaxAttributeLength);
            if (problem is not null)
                return Rejection.SchemaViolation($"attribute {name} {problem} (attributes are at most {InputLimits.MaxAttributeLength} printable characters)");
            scoped ReadOnlySpan<byte> utf8 = text is null ? reader.ValueSpan : Encoding.UTF8.GetBytes(text);

            switch (attribute)
            {
                case SpecVersion:
                    if (!utf8.SequenceEqual("1.0"u8))
                        return Rejection.Undecodable($"attribute specversion must be 1.0, got '{Encoding.UTF8.GetString(utf8)}'");
                    break;
                case Id:
                    envelope.Id = text ?? Encoding.UTF8.GetString(utf8);
                    break;
                case Source:
                    envelope.Source = text ?? Encoding.UTF8.GetString(utf8);
                    break;
                case Type:
                    hasType = utf8.Length > 0;
                    envelope.Schema = EventCatalog.InputFor(utf8);
                    if (envelope.Schema is null) envelope.UnknownType = text ?? Encoding.UTF8.GetString(utf8);
                    break;
                case Time:
                    if (!Rfc3339.TryParse(utf8, out var time))
                        return Rejection.Undecodable($"attribute time is not an RFC 3339 date-time: '{Encoding.UTF8.GetString(utf8)}'");
                    if (!InputLimits.IsInTimeRange(time))
                        return Rejection.SchemaViolation($"attribute time '{Encoding.UTF8.GetString(utf8)}' must be {InputLimits.TimeRangeText}");
                    envelope.Time = time;
                    break;
                case DataContentType:
                    if (!KafkaCloudEventDecoder.IsJson(utf8))
                        return Rejection.Undecodable($"attribute datacontenttype '{Encoding.UTF8.GetString(utf8)}' is not JSON");
                    break;
            }
        }
        while (reader.Read()) { } // trailing garbage makes the record undecodable

        if ((seen & SpecVersion) == 0) return Rejection.Undecodable("attribute specversion is missing");
        if (string.IsNullOrEmpty(envelope.Id)) return Rejection.Undecodable("attribute id is missing or empty");
        if (string.IsNullOrEmpty(envelope.Source)) return Rejection.Undecodable("attribute source is missing or empty");
        if (!hasType) return Rejection.Undecodable("attribute type is missing or empty");
        if ((seen & Data) == 0) envelope.Data = default;
        return null;
    }

    /// <summary>Which attribute a property names (0 for an extension) and its name; a <c>null</c> name is not valid text.</summary>
    private static (int Attribute, string? Name) Name(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            var span = reader.ValueSpan;
            // The known names without allocating (the hot path); extensions pay for their name.
            if (span.SequenceEqual("data"u8)) return (Data, "data");
            if (span.SequenceEqual("id"u8)) return (Id, "id");
            if (span.SequenceEqual("source"u8)) return (Source, "source");
            if (span.SequenceEqual("type"u8)) return (Type, "type");
            if (span.SequenceEqual("time"u8)) return (Time, "time");
            if (span.SequenceEqual("specversion"u8)) return (SpecVersion, "specversion");
            if (span.SequenceEqual("datacontenttype"u8)) return (DataContentType, "datacontenttype");
        }
        if (!JsonText.TryGetString(ref reader, out var name)) return (0, null);
        return (name switch
        {
            "data" or "data_base64" => Data,
            "id" => Id,
            "source" => Source,
            "type" => Type,
            "time" => Time,
            "specversion" => SpecVersion,
            "datacontenttype" => DataContentType,
            "subject" => Subject,
            "dataschema" => DataSchema,
            _ => 0,
        }, name);
    }

    /// <summary>An extension attribute: a string, number, boolean or null (absent) of bounded, printable text.</summary>
    private static Rejection? Extension(ref Utf8JsonReader reader, string name)
    {
        if (InputLimits.CheckText(name, InputLimits.MaxAttributeLength) is { } badName)
            return Rejection.SchemaViolation($"an attribute name {badName}");
        switch (reader.TokenType)
        {
            case JsonTokenType.Null or JsonTokenType.True or JsonTokenType.False:
                return null;
            case JsonTokenType.Number:
                return reader.ValueSpan.Length <= InputLimits.MaxAttributeLength ? null
                    : Rejection.SchemaViolation($"attribute {InputLimits.Excerpt(name)} is {reader.ValueSpan.Length} characters, more than the maximum of {InputLimits.MaxAttributeLength}");
            case JsonTokenType.String:
                var problem = !reader.ValueIsEscaped
                    ? InputLimits.CheckText(reader.ValueSpan, InputLimits.MaxAttributeLength)
                    : JsonText.TryGetString(ref reader, out var text)
                        ? InputLimits.CheckText(text, InputLimits.MaxAttributeLength)
                        : "is not valid Unicode text (an unpaired surrogate)";
                return problem is null ? null
                    : Rejection.SchemaViolation($"attribute {InputLimits.Excerpt(name)} {problem} (attributes are at most {InputLimits.MaxAttributeLength} printable characters)");
            default:
                return Rejection.Undecodable($"attribute {InputLimits.Excerpt(name)} must be a string, number or boolean, not an object or array");
        }
    }
}
