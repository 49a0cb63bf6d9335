using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Akka.Payments.Shared.Validation;

/// <summary>
/// Reading JSON strings without throwing. <see cref="Utf8JsonReader"/> accepts an escaped lone surrogate such as
/// <c>"\ud800"</c> as a token (the JSON grammar allows it) but throws <see cref="InvalidOperationException"/> when
/// asked for the text. Only escaped strings pay for this; plain ones are read straight from the span.
/// </summary>
public static class JsonText
{
    /// <summary>The string's text, or <c>false</c> when it is not valid Unicode.</summary>
    public static bool TryGetString(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? value)
    {
        try
        {
            value = reader.GetString();
            return value is not null;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>Unescapes the string into <paramref name="buffer"/>; <c>false</c> when it is not valid Unicode or does not fit.</summary>
    public static bool TryCopyString(ref Utf8JsonReader reader, scoped Span<byte> buffer, out int written)
    {
        written = 0;
        if (reader.ValueSpan.Length > buffer.Length) return false; // unescaped text is never longer than escaped
        try
        {
            written = reader.CopyString(buffer);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Whether the string token equals <paramref name="text"/>; <c>false</c> for invalid text.</summary>
    public static bool TextEquals(ref Utf8JsonReader reader, string text)
    {
        try
        {
            return reader.ValueTextEquals(text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
