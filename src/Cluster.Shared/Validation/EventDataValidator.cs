using System.Text;
using System.Text.Json;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.Validation;

/// <summary>
/// Validates event data against the fields of its <see cref="EventDescriptor"/> straight on the UTF-8 JSON, before any binding, so
/// that "amount as a string" or "3 decimals" are caught as such. One forward pass, no allocation on valid data.
/// The limits are those of <see cref="InputLimits"/>. Total: invalid text (an escaped lone surrogate) is a
/// <c>schema_violation</c> naming the field, never an exception.
/// </summary>
public static class EventDataValidator
{
    /// <summary>
    /// <c>null</c> when <paramref name="utf8Json"/> is valid; otherwise <see cref="DeadLetterReasons.Undecodable"/>
    /// (not JSON) or <see cref="DeadLetterReasons.SchemaViolation"/> with a message naming the first bad field.
    /// </summary>
    public static Rejection? Validate(ReadOnlySpan<byte> utf8Json, EventDescriptor schema)
    {
        try
        {
            var error = FindError(utf8Json, schema);
            return error is null ? null : Rejection.SchemaViolation($"{schema.Type}: {error}");
        }
        catch (JsonException e)
        {
            return Rejection.Undecodable($"data is not valid JSON: {e.Message}");
        }
    }

    private static string? FindError(ReadOnlySpan<byte> json, EventDescriptor schema)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = InputLimits.MaxJsonDepth });
        if (!reader.Read()) throw new JsonException("the data is empty");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var actual = reader.TokenType;
            reader.Skip();
            Drain(ref reader);
            return $"data must be a JSON object, not {Describe(actual)}";
        }

        var fields = schema.Fields;
        var seen = 0u;
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = -1;
            for (var i = 0; i < fields.Count; i++)
            {
                if (!reader.ValueTextEquals(fields[i].Utf8Name)) continue;
                index = i;
                break;
            }
            reader.Read();
            if (index >= 0)
            {
                // A second value would be read by some consumers and not by others: the record must mean one thing.
                if ((seen & (1u << index)) != 0) error ??= $"'{fields[index].Name}' appears more than once";
                seen |= 1u << index;
                error ??= Check(ref reader, fields[index]);
            }
            reader.Skip(); // no-op for scalars; skips objects and arrays
        }
        Drain(ref reader);
        if (error is not null) return error;

        for (var i = 0; i < fields.Count; i++)
        {
            if ((seen & (1u << i)) == 0) return $"'{fields[i].Name}' is required but missing";
        }
        return null;
    }

    /// <summary>Reads to the end so that trailing garbage makes the whole record undecodable.</summary>
    private static void Drain(ref Utf8JsonReader reader)
    {
        while (reader.Read()) { }
    }

    private static string? Check(ref Utf8JsonReader reader, EventField field) => field.Kind switch
    {
        FieldKind.Id => CheckText(ref reader, field.Name, 1, InputLimits.MaxIdLength),
        FieldKind.Amount => CheckMoney(ref reader, field.Name, allowZero: false, InputLimits.MaxAmount),
        FieldKind.Balance => CheckMoney(ref reader, field.Name, allowZero: true, InputLimits.MaxBalance),
        FieldKind.Currency => CheckLetters(ref reader, field.Name, 3, "three upper-case letters A-Z (ISO 4217)"),
        FieldKind.Country => CheckLetters(ref reader, field.Name, 2, "two upper-case letters A-Z (ISO 3166)"),
        FieldKind.Time => CheckTime(ref reader, field.Name),
        FieldKind.Text => CheckText(ref reader, field.Name, 1, InputLimits.MaxAttributeLength),
        FieldKind.Version => CheckVersion(ref reader, field.Name),
        FieldKind.DeclineReason => CheckReason(ref reader, field.Name),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, null),
    };

    /// <summary>A string of <paramref name="min"/>–<paramref name="max"/> printable characters (code points).</summary>
    private static string? CheckText(ref Utf8JsonReader reader, string name, int min, int max)
    {
        if (reader.TokenType != JsonTokenType.String) return NotA(name, "string", reader.TokenType);
        int length;
        string? problem;
        if (reader.ValueIsEscaped) // rare: ids seldom contain escapes
        {
            if (!JsonText.TryGetString(ref reader, out var s)) return $"'{name}' is not valid Unicode text (an unpaired surrogate)";
            problem = InputLimits.Scan(s, out length);
        }
        else
        {
            problem = InputLimits.Scan(reader.ValueSpan, out length);
        }
        if (problem is not null) return $"'{name}' {problem}";
        return length >= min && length <= max ? null : $"'{name}' must be {min}-{max} characters, got {length}";
    }

    private static string? CheckMoney(ref Utf8JsonReader reader, string name, bool allowZero, decimal max)
    {
        if (reader.TokenType != JsonTokenType.Number) return NotA(name, "number", reader.TokenType);
        if (!reader.TryGetDecimal(out var value)) return $"'{name}' is out of range (at most {max})";
        if (value < 0 || (value == 0 && !allowZero))
            return $"'{name}' must be {(allowZero ? "at least 0" : "greater than 0")}, got {value}";
        if (value > max) return $"'{name}' must be at most {max}, got {value}";
        return decimal.Round(value, 2) == value ? null : $"'{name}' must have at most 2 decimals, got {value}";
    }

    private static string? CheckLetters(ref Utf8JsonReader reader, string name, int count, string expected)
    {
        if (reader.TokenType != JsonTokenType.String) return NotA(name, "string", reader.TokenType);
        Span<byte> buffer = stackalloc byte[32];
        scoped var value = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            if (!JsonText.TryCopyString(ref reader, buffer, out var written)) return $"'{name}' must be {expected}";
            value = buffer[..written];
        }
        if (value.Length != count) return $"'{name}' must be {expected}";
        foreach (var b in value)
            if (b is < (byte)'A' or > (byte)'Z') return $"'{name}' must be {expected}, got '{InputLimits.Excerpt(value)}'";
        return null;
    }

    private static string? CheckTime(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.String) return NotA(name, "string", reader.TokenType);
        Span<byte> buffer = stackalloc byte[64];
        scoped var value = reader.ValueSpan;
        if (reader.ValueIsEscaped) // e.g. '+' written as \u002B by encoders that escape HTML-sensitive characters
            value = JsonText.TryCopyString(ref reader, buffer, out var written) ? buffer[..written] : default;
        if (!Rfc3339.TryParse(value, out var time) || !reader.TryGetDateTimeOffset(out _)) // the binder must agree
            return $"'{name}' must be an RFC 3339 date-time such as 2026-11-26T14:00:00.123Z";
        return InputLimits.IsInTimeRange(time) ? null : $"'{name}' must be {InputLimits.TimeRangeText}, got {InputLimits.Excerpt(value)}";
    }

    private static string? CheckVersion(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.Number) return NotA(name, "integer", reader.TokenType);
        return reader.TryGetInt64(out var v) && v >= 0 ? null : $"'{name}' must be an integer of at least 0";
    }

    private static string? CheckReason(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.String) return NotA(name, "string", reader.TokenType);
        foreach (var reason in DeclineReasons.InPrecedenceOrder)
            if (JsonText.TextEquals(ref reader, reason)) return null;
        return $"'{name}' must be one of {string.Join(", ", DeclineReasons.InPrecedenceOrder)}";
    }

    private static string NotA(string name, string expected, JsonTokenType actual) =>
        $"'{name}' must be a JSON {expected}, not {Describe(actual)}";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject or JsonTokenType.EndObject => "an object",
        JsonTokenType.StartArray or JsonTokenType.EndArray => "an array",
        _ => token.ToString(),
    };
}
