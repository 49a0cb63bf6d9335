using System.Text.Json;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Validation;

namespace Akka.Payments.Shared.CloudEvents;

/// <summary>Reads a structured-mode CloudEvent (<c>application/cloudevents+json</c>) into an <see cref="Envelope"/>.</summary>
internal static class StructuredEnvelopeReader
{
    public static Rejection? Read(ReadOnlySpan<byte> value, ReadOnlySpan<byte> contentType, ref Envelope envelope)
    {
        if (contentType.IndexOf("json"u8) < 0)
            return Rejection.Undecodable($"structured format '{KafkaCloudEventDecoder.Utf8(contentType)}' is not supported, only application/cloudevents+json");
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
        var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = 32 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return Rejection.Undecodable("structured CloudEvent must be a JSON object");

        var specVersionOk = false;
        var hasType = false;
        var hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                envelope.Data = value[start..(int)reader.BytesConsumed];
                hasData = true;
                continue;
            }
            if (reader.ValueTextEquals("data_base64"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out var bytes))
                    return Rejection.Undecodable("attribute data_base64 is not base64");
                envelope.Data = bytes;
                hasData = true;
                continue;
            }

            var attribute = reader.GetString()!;
            reader.Read();
            if (attribute is not ("specversion" or "id" or "source" or "type" or "time" or "datacontenttype"))
            {
                reader.Skip(); // extension attributes
                continue;
            }
            if (reader.TokenType != JsonTokenType.String)
                return Rejection.Undecodable($"attribute {attribute} must be a string");

            switch (attribute)
            {
                case "specversion":
                    specVersionOk = reader.ValueTextEquals("1.0"u8);
                    if (!specVersionOk) return Rejection.Undecodable($"attribute specversion must be 1.0, got '{reader.GetString()}'");
                    break;
                case "id":
                    envelope.Id = reader.GetString();
                    break;
                case "source":
                    envelope.Source = reader.GetString();
                    break;
                case "type":
                    hasType = reader.ValueSpan.Length > 0;
                    envelope.Schema = reader.ValueIsEscaped
                        ? EventSchema.For(reader.GetString()!) is { IsInput: true } s ? s : null
                        : EventSchema.InputFor(reader.ValueSpan);
                    if (envelope.Schema is null) envelope.UnknownType = reader.GetString();
                    break;
                case "time":
                    var text = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                    if (!Rfc3339.TryParse(text, out var time))
                        return Rejection.Undecodable($"attribute time is not an RFC 3339 date-time: '{reader.GetString()}'");
                    envelope.Time = time;
                    break;
                case "datacontenttype":
                    if (!KafkaCloudEventDecoder.IsJson(reader.ValueSpan))
                        return Rejection.Undecodable($"attribute datacontenttype '{reader.GetString()}' is not JSON");
                    break;
            }
        }
        while (reader.Read()) { } // trailing garbage makes the record undecodable

        if (!specVersionOk) return Rejection.Undecodable("attribute specversion is missing");
        if (string.IsNullOrEmpty(envelope.Id)) return Rejection.Undecodable("attribute id is missing or empty");
        if (string.IsNullOrEmpty(envelope.Source)) return Rejection.Undecodable("attribute source is missing or empty");
        if (!hasType) return Rejection.Undecodable("attribute type is missing or empty");
        if (!hasData) envelope.Data = default;
        return null;
    }
}
