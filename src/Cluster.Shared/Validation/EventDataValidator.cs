using System.Text;
using System.Text.Json;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Shared.Validation;

/// <summary>
/// Validates event data against the fields of its <see cref="EventDescriptor"/> straight on the UTF-8 JSON, before any binding, so
/// that "amount as a string" or "3 decimals" are caught as such. One forward pass, no allocation on valid input data
/// (the nested objects of the metrics events allocate their keys and paths).
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
        FieldKind.RuleText => CheckText(ref reader, field.Name, 1, int.MaxValue),
        FieldKind.Version => CheckVersion(ref reader, field.Name),
        FieldKind.DeclineReason => CheckReason(ref reader, field.Name),
        FieldKind.ClosingRevision => CheckInteger(ref reader, field.Name, 1, 1),
        FieldKind.RestatedRevision => CheckInteger(ref reader, field.Name, 2, int.MaxValue),
        // Objects are read on a copy of the reader (passed by value): the caller's Skip() then steps over the whole
        // object wherever the check stopped.
        FieldKind.CurrencyTotals or FieldKind.DeclineCounts or FieldKind.DeadLetterCounts => CheckMap(reader, field.Name, field.Kind),
        FieldKind.Latency => CheckMembers(reader, field.Name, LatencyMembers),
        FieldKind.Quality => CheckMembers(reader, field.Name, QualityMembers),
        FieldKind.Count => CheckInteger(ref reader, field.Name, 0, int.MaxValue),
        FieldKind.ScaleReason => CheckScaleReason(ref reader, field.Name),
        FieldKind.ScaleSignals => reader.TokenType is JsonTokenType.StartObject or JsonTokenType.Null
            ? null : $"'{field.Name}' must be an object or null, got {reader.TokenType}",
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

    private static string? CheckScaleReason(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.String) return NotA(name, "string", reader.TokenType);
        foreach (var reason in ScaleDecided.Reasons)
            if (JsonText.TextEquals(ref reader, reason)) return null;
        return $"'{name}' must be one of {string.Join(", ", ScaleDecided.Reasons)}";
    }

    private static string? CheckInteger(ref Utf8JsonReader reader, string name, long min, long max)
    {
        if (reader.TokenType != JsonTokenType.Number) return NotA(name, "integer", reader.TokenType);
        if (reader.TryGetInt64(out var v) && v >= min && v <= max) return null;
        return min == max ? $"'{name}' must be {min}"
            : max == long.MaxValue ? $"'{name}' must be an integer of at least {min}"
            : $"'{name}' must be an integer from {min} to {max}";
    }

    /// <summary>What a member of a nested object holds.</summary>
    private enum MemberKind
    {
        /// <summary>An integer of at least 0.</summary>
        Count,
        /// <summary>An integer of at least 1.</summary>
        PositiveCount,
        /// <summary>A sum of amounts: greater than 0, at most 2 decimals, no upper limit but the binder's.</summary>
        Sum,
        /// <summary>A number from 0 to 1.</summary>
        Share,
    }

    private sealed class Member(string name, MemberKind kind)
    {
        public string Name { get; } = name;
        public MemberKind Kind { get; } = kind;
        public byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(name);
    }

    private static readonly Member[] CurrencyTotalMembers = [new("count", MemberKind.PositiveCount), new("amount", MemberKind.Sum)];

    private static readonly Member[] LatencyMembers =
    [
        new("count", MemberKind.Count), new("p50Micros", MemberKind.Count), new("p95Micros", MemberKind.Count),
        new("p99Micros", MemberKind.Count), new("maxMicros", MemberKind.Count), new("slaMisses", MemberKind.Count),
    ];

    private static readonly Member[] QualityMembers =
    [
        new("deadLetterShare", MemberKind.Share), new("duplicateOutcomes", MemberKind.Count),
        new("duplicateDeadLetters", MemberKind.Count), new("lateRecords", MemberKind.Count),
        new("withoutInputTime", MemberKind.Count), new("negativeLatencies", MemberKind.Count),
    ];

    /// <summary>An object with every one of <paramref name="members"/> (extra members allowed, as at the top level).
    /// Leaves the reader on the object's end when it is valid.</summary>
    private static string? CheckMembers(ref Utf8JsonReader reader, string name, Member[] members)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return NotA(name, "object", reader.TokenType);
        var seen = 0u;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = -1;
            for (var i = 0; i < members.Length; i++)
            {
                if (!reader.ValueTextEquals(members[i].Utf8Name)) continue;
                index = i;
                break;
            }
            reader.Read();
            if (index >= 0)
            {
                var path = $"{name}.{members[index].Name}";
                if ((seen & (1u << index)) != 0) return $"'{path}' appears more than once";
                seen |= 1u << index;
                if (CheckMember(ref reader, path, members[index].Kind) is { } error) return error;
            }
            reader.Skip();
        }
        for (var i = 0; i < members.Length; i++)
        {
            if ((seen & (1u << i)) == 0) return $"'{name}.{members[i].Name}' is required but missing";
        }
        return null;
    }

    private static string? CheckMembers(Utf8JsonReader reader, string name, Member[] members) => CheckMembers(ref reader, name, members);

    private static string? CheckMember(ref Utf8JsonReader reader, string path, MemberKind kind) => kind switch
    {
        MemberKind.Count => CheckInteger(ref reader, path, 0, long.MaxValue),
        MemberKind.PositiveCount => CheckInteger(ref reader, path, 1, long.MaxValue),
        MemberKind.Sum => CheckMoney(ref reader, path, allowZero: false, decimal.MaxValue),
        MemberKind.Share => CheckShare(ref reader, path),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string? CheckShare(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.Number) return NotA(name, "number", reader.TokenType);
        return reader.TryGetDouble(out var v) && v is >= 0 and <= 1 ? null : $"'{name}' must be a number from 0 to 1";
    }

    /// <summary>An object whose keys are currencies, decline reasons or dead-letter reasons, each once, and whose
    /// values are <see cref="CurrencyTotal"/> objects or counts of at least 1.</summary>
    private static string? CheckMap(Utf8JsonReader reader, string name, FieldKind kind)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return NotA(name, "object", reader.TokenType);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!JsonText.TryGetString(ref reader, out var key)) return $"'{name}' has a key that is not valid Unicode text (an unpaired surrogate)";
            if (CheckKey(key, kind) is { } expected) return $"'{name}' has the key '{InputLimits.Excerpt(key)}', which must be {expected}";
            if (!keys.Add(key)) return $"'{name}' has the key '{InputLimits.Excerpt(key)}' more than once";
            reader.Read();
            var path = $"{name}.{key}";
            var error = kind == FieldKind.CurrencyTotals
                ? CheckMembers(ref reader, path, CurrencyTotalMembers)
                : CheckInteger(ref reader, path, 1, long.MaxValue);
            if (error is not null) return error;
            reader.Skip();
        }
        return null;
    }

    private static string? CheckKey(string key, FieldKind kind) => kind switch
    {
        FieldKind.CurrencyTotals => key.Length == 3 && key.All(c => c is >= 'A' and <= 'Z') ? null : "three upper-case letters A-Z (ISO 4217)",
        FieldKind.DeclineCounts => DeclineReasons.InPrecedenceOrder.Contains(key)
            ? null
            : $"one of {string.Join(", ", DeclineReasons.InPrecedenceOrder)}",
        _ => InputLimits.Scan(key.AsSpan(), out var length) is null && length is >= 1 and <= InputLimits.MaxAttributeLength
            ? null
            : $"1-{InputLimits.MaxAttributeLength} printable characters",
    };

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
