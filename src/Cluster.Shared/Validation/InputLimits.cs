using System.Globalization;
using System.Text;

namespace Akka.Payments.Shared.Validation;

/// <summary>
/// The limits enforced at the edge, in one place: what a record of <see cref="Topics.Requested"/> may hold. The
/// decoder, the data validator, the schemas in <c>schemas/</c> and the README all state these numbers; the tests
/// check that they agree. A record beyond a size limit is <c>oversize</c>; beyond any other, <c>schema_violation</c>.
/// </summary>
public static class InputLimits
{
    /// <summary>Longest CloudEvents attribute (<c>id</c>, <c>source</c>, <c>type</c>, <c>time</c>, content type,
    /// <c>subject</c>, <c>dataschema</c>, extensions), in characters (Unicode code points), in either mode.</summary>
    public const int MaxAttributeLength = 256;

    /// <summary>Largest sum of header name and value bytes of one record.</summary>
    public const int MaxHeaderBytes = 16 * 1024;

    /// <summary>Most headers on one record (the binding needs six).</summary>
    public const int MaxHeaderCount = 64;

    /// <summary>Ids in event data (<c>paymentId</c>, <c>accountId</c>, <c>payee</c>, <c>creditId</c>): 1 to this many characters.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Largest amount of one payment or credit. Amounts are also greater than 0 with at most 2 decimals.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>
    /// Largest balance an outcome may report (10^15): a million maximal credits, and still exact as a count of cents
    /// in a 64-bit integer, which is what downstream systems often use.
    /// </summary>
    public const decimal MaxBalance = 1_000_000_000_000_000m;

    /// <summary>Deepest JSON nesting read, in the envelope and in the data.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>Earliest date-time accepted (inclusive), in data and in the <c>time</c> attribute.</summary>
    public static readonly DateTimeOffset MinTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>First date-time no longer accepted (exclusive).</summary>
    public static readonly DateTimeOffset EndTime = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsInTimeRange(DateTimeOffset time) => time >= MinTime && time < EndTime;

    /// <summary>The time range as a phrase for error messages.</summary>
    public const string TimeRangeText = "between 2000-01-01T00:00:00Z (inclusive) and 2100-01-01T00:00:00Z (exclusive)";

    /// <summary>
    /// A character allowed in attributes and ids: any Unicode scalar value except control characters (C0, DEL, C1),
    /// format characters (zero-width and bidirectional controls, BOM), line and paragraph separators and private
    /// use. Non-ASCII letters, digits, symbols and emoji are allowed.
    /// </summary>
    public static bool IsPrintable(Rune rune)
    {
        if (rune.IsAscii) return rune.Value is >= 0x20 and < 0x7F;
        return Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse
            or UnicodeCategory.Surrogate);
    }

    /// <summary>
    /// Checks UTF-8 text against <see cref="IsPrintable"/> and a length in code points, without allocating. Returns
    /// <c>null</c> when it passes, otherwise what is wrong, to follow the field's name in an error message.
    /// </summary>
    public static string? CheckText(ReadOnlySpan<byte> utf8, int maxLength) =>
        Scan(utf8, out var length) ?? (length > maxLength ? TooLong(length, maxLength) : null);

    /// <inheritdoc cref="CheckText(ReadOnlySpan{byte}, int)"/>
    public static string? CheckText(ReadOnlySpan<char> text, int maxLength) =>
        Scan(text, out var length) ?? (length > maxLength ? TooLong(length, maxLength) : null);

    private static string TooLong(int length, int max) => $"is {length} characters, more than the maximum of {max}";

    /// <summary>Counts the code points of UTF-8 text; what is wrong when it is not printable text, else <c>null</c>.</summary>
    public static string? Scan(ReadOnlySpan<byte> utf8, out int length)
    {
        length = 0;
        while (!utf8.IsEmpty)
        {
            length++;
            if (utf8[0] is >= 0x20 and < 0x7F) // ASCII fast path
            {
                utf8 = utf8[1..];
                continue;
            }
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                return "is not valid UTF-8 text";
            if (!IsPrintable(rune)) return $"contains the non-printable character U+{rune.Value:X4}";
            utf8 = utf8[consumed..];
        }
        return null;
    }

    /// <inheritdoc cref="Scan(ReadOnlySpan{byte}, out int)"/>
    public static string? Scan(ReadOnlySpan<char> text, out int length)
    {
        length = 0;
        while (!text.IsEmpty)
        {
            length++;
            if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                return "is not valid Unicode text (an unpaired surrogate)";
            if (!IsPrintable(rune)) return $"contains the non-printable character U+{rune.Value:X4}";
            text = text[consumed..];
        }
        return null;
    }

    /// <summary>At most <paramref name="max"/> characters of attacker-controlled text, for an error message.</summary>
    public static string Excerpt(string text, int max = 64)
    {
        var cut = text.Length <= max ? text : text[..max] + "...";
        var builder = new StringBuilder(cut.Length);
        foreach (var c in cut) builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? '?' : c);
        return builder.ToString();
    }

    /// <inheritdoc cref="Excerpt(string, int)"/>
    public static string Excerpt(ReadOnlySpan<byte> utf8, int max = 64) =>
        Excerpt(Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, max * 4)]), max);
}
