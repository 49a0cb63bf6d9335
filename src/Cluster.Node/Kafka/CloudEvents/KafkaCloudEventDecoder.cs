using System.Text;
using System.Text.Json;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Validation;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>
/// Decodes a record of <see cref="Topics.Requested"/> into an <see cref="IInputEvent"/>, or says why it goes to the
/// DLQ. Accepts binary mode (<c>ce_*</c> headers, data in the value) and structured mode
/// (<c>content-type: application/cloudevents+json</c>). Checks, in order: sizes (<c>oversize</c>), the attribute
/// headers' text, the envelope (<c>undecodable</c>), type (<c>unknown_type</c>), data against its schema, then
/// key = <c>data.accountId</c> (<c>schema_violation</c>); the limits are those of <see cref="InputLimits"/>.
/// Total: no key, value or headers make it throw. Hot path: no exceptions and no allocation beyond the event and
/// its attributes on valid input.
/// </summary>
public sealed class KafkaCloudEventDecoder(CloudEventDecoderOptions? options = null)
{
    private static readonly string ExpectedTypes = string.Join(" or ", EventCatalog.Inputs.Select(e => e.Type));

    private readonly CloudEventDecoderOptions _options = options ?? CloudEventDecoderOptions.Default;

    public DecodeResult Decode(ConsumeResult<string, byte[]> record) => Decode(record.Message);

    public DecodeResult Decode(Message<string, byte[]> message) =>
        Decode(message.Key, message.Value, message.Headers);

    public DecodeResult Decode(string? key, ReadOnlySpan<byte> value, Headers? headers)
    {
        try
        {
            return DecodeChecked(key, value, headers);
        }
        catch (Exception e) // last resort: a gap in the checks below must cost one dead letter, never the stream
        {
            return Rejection.Undecodable($"decoding failed with {e.GetType().Name}: {e.Message}");
        }
    }

    private DecodeResult DecodeChecked(string? key, ReadOnlySpan<byte> value, Headers? headers)
    {
        if (CheckSizes(key, value.Length, headers) is { } oversize) return oversize;
        if (CheckAttributeHeaders(headers) is { } badHeader) return badHeader;

        var envelope = new Envelope();
        var contentType = Header(headers, CloudEventHeaders.ContentType);
        var rejection = contentType is not null && contentType.AsSpan().StartsWith("application/cloudevents"u8)
            ? StructuredEnvelopeReader.Read(value, contentType, ref envelope)
            : ReadBinary(headers, contentType, value, ref envelope);
        if (rejection is not null) return rejection;

        var schema = envelope.Schema;
        if (schema is null)
            return Rejection.UnknownType(
                $"type '{InputLimits.Excerpt(envelope.UnknownType ?? "", InputLimits.MaxAttributeLength)}' is not an input event type; expected {ExpectedTypes}");

        if (EventDataValidator.Validate(envelope.Data, schema) is { } invalid) return invalid;

        IInputEvent input;
        try
        {
            input = (IInputEvent)schema.Deserialize(envelope.Data)!;
        }
        catch (JsonException e) // not expected after validation; kept so that a gap in the validator cannot crash the stream
        {
            return Rejection.Undecodable($"data of {schema.Type} could not be bound: {e.Message}");
        }

        if (!string.Equals(key, input.AccountId, StringComparison.Ordinal))
            return Rejection.SchemaViolation(
                $"the Kafka key '{(key is null ? "(null)" : InputLimits.Excerpt(key))}' must equal data.accountId '{input.AccountId}'");

        return DecodeResult.Success(new DecodedInput(input, envelope.Id!, schema.Type, envelope.Source!, envelope.Time));
    }

    /// <summary><c>oversize</c> when the record has too many headers, too many header bytes, or is too big in all.</summary>
    private Rejection? CheckSizes(string? key, int valueLength, Headers? headers)
    {
        var count = headers?.Count ?? 0;
        if (count > _options.MaxHeaderCount)
            return Rejection.Oversize($"the record has {count} headers, more than the maximum of {_options.MaxHeaderCount}");
        long headerBytes = 0;
        for (var i = 0; i < count; i++)
        {
            var header = headers![i];
            headerBytes += Encoding.UTF8.GetByteCount(header.Key) + (header.GetValueBytes()?.Length ?? 0);
        }
        if (headerBytes > _options.MaxHeaderBytes)
            return Rejection.Oversize($"the headers are {headerBytes} bytes, more than the maximum of {_options.MaxHeaderBytes}");

        var size = valueLength + headerBytes + (key is null ? 0 : Encoding.UTF8.GetByteCount(key));
        return size > _options.MaxRecordBytes
            ? Rejection.Oversize($"the record is {size} bytes (key + value + headers), more than the maximum of {_options.MaxRecordBytes}")
            : null;
    }

    /// <summary>
    /// Every <c>ce_*</c> header and <c>content-type</c>, in either mode: at most <see cref="InputLimits.MaxAttributeLength"/>
    /// characters of printable UTF-8 text (<c>schema_violation</c>), and each attribute of the binding at most once
    /// (<c>undecodable</c>: two different ids or types would make the record mean two things).
    /// </summary>
    private static Rejection? CheckAttributeHeaders(Headers? headers)
    {
        var count = headers?.Count ?? 0;
        var seen = 0;
        for (var i = 0; i < count; i++)
        {
            var header = headers![i];
            var name = header.Key;
            var bit = name switch
            {
                CloudEventHeaders.SpecVersion => 1,
                CloudEventHeaders.Id => 2,
                CloudEventHeaders.Source => 4,
                CloudEventHeaders.Type => 8,
                CloudEventHeaders.Time => 16,
                CloudEventHeaders.ContentType => 32,
                _ => name.StartsWith("ce_", StringComparison.Ordinal) ? 0 : -1,
            };
            if (bit < 0) continue;
            if ((seen & bit) != 0) return Rejection.Undecodable($"header {name} appears more than once");
            seen |= bit;
            if (InputLimits.CheckText(header.GetValueBytes(), InputLimits.MaxAttributeLength) is { } problem)
                return Rejection.SchemaViolation($"header {InputLimits.Excerpt(name)} {problem} (attributes are at most {InputLimits.MaxAttributeLength} printable characters)");
        }
        return null;
    }

    private static Rejection? ReadBinary(Headers? headers, byte[]? contentType, ReadOnlySpan<byte> value, ref Envelope envelope)
    {
        var spec = Header(headers, CloudEventHeaders.SpecVersion);
        if (spec is null) return Missing(CloudEventHeaders.SpecVersion);
        if (!spec.AsSpan().SequenceEqual("1.0"u8))
            return Rejection.Undecodable($"header {CloudEventHeaders.SpecVersion} must be 1.0, got '{Utf8(spec)}'");

        var id = Header(headers, CloudEventHeaders.Id);
        if (id is not { Length: > 0 }) return Missing(CloudEventHeaders.Id);
        var source = Header(headers, CloudEventHeaders.Source);
        if (source is not { Length: > 0 }) return Missing(CloudEventHeaders.Source);
        var type = Header(headers, CloudEventHeaders.Type);
        if (type is not { Length: > 0 }) return Missing(CloudEventHeaders.Type);

        var time = Header(headers, CloudEventHeaders.Time);
        if (time is not null)
        {
            if (!Rfc3339.TryParse(time, out var parsed))
                return Rejection.Undecodable($"header {CloudEventHeaders.Time} is not an RFC 3339 date-time: '{Utf8(time)}'");
            if (!InputLimits.IsInTimeRange(parsed))
                return Rejection.SchemaViolation($"header {CloudEventHeaders.Time} '{Utf8(time)}' must be {InputLimits.TimeRangeText}");
            envelope.Time = parsed;
        }
        if (contentType is not null && !IsJson(contentType))
            return Rejection.Undecodable($"header {CloudEventHeaders.ContentType} '{Utf8(contentType)}' is not JSON");

        envelope.Schema = EventCatalog.InputFor(type);
        if (envelope.Schema is null) envelope.UnknownType = Utf8(type);
        envelope.Id = Utf8(id);
        envelope.Source = Utf8(source);
        envelope.Data = value;
        return null;
    }

    internal static bool IsJson(ReadOnlySpan<byte> contentType) =>
        contentType.StartsWith("application/json"u8) || contentType.IndexOf("+json"u8) >= 0;

    private static byte[]? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? bytes : null;

    private static Rejection Missing(string header) => Rejection.Undecodable($"header {header} is missing or empty");

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
