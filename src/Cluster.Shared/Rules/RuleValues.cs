using System.Globalization;
using Akka.Payments.Shared.Validation;

namespace Akka.Payments.Shared.Rules;

/// <summary>
/// The parsers behind <see cref="RuleKeys"/>: one per kind of rule value, pure, each the only place its kind is
/// checked, so that a node's configuration (<c>Rules:*</c>, read at start) and an operator's live change
/// (<c>payctl control rules set</c>) accept exactly the same values.
/// </summary>
public static class RuleValues
{
    /// <summary>What an operator writes for an empty list: <c>-</c> (or an empty string).</summary>
    public const string None = "-";

    /// <summary>Tries to read <paramref name="text"/>; on failure <paramref name="detail"/> may say which part of it
    /// is wrong (to follow the expected form in a message).</summary>
    public delegate bool Parser<T>(string text, out T value, out string? detail);

    /// <summary>A decimal greater than 0, in the invariant culture (<c>2500.50</c>, <c>1,000</c>; no exponent).</summary>
    public static bool TryPositiveDecimal(string text, out decimal value, out string? detail)
    {
        detail = null;
        return decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out value) && value > 0;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Parser<int> WholeNumber(int min, int max) => (string text, out int value, out string? detail) =>
    {
        detail = null;
        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    };

    /// <summary>Comma-separated codes of <paramref name="length"/> upper-case ASCII letters (currencies, countries);
    /// blanks around each code are ignored, a code given twice counts once. <see cref="None"/> or an empty text is
    /// the empty set, accepted only when <paramref name="emptyAllowed"/>.</summary>
    public static Parser<IReadOnlySet<string>> CodeSet(int length, bool emptyAllowed) =>
        (string text, out IReadOnlySet<string> value, out string? detail) =>
        {
            value = Split(text);
            detail = null;
            if (value.Count == 0)
            {
                if (!emptyAllowed) detail = "an empty list";
                return emptyAllowed;
            }
            foreach (var code in value)
                if (code.Length != length || !code.All(char.IsAsciiLetterUpper))
                {
                    detail = $"'{InputLimits.Excerpt(code)}' is not one";
                    return false;
                }
            return true;
        };

    /// <summary>Comma-separated ids as the edge accepts them in event data (1 to <see cref="InputLimits.MaxIdLength"/>
    /// printable characters, no comma); <see cref="None"/> or an empty text is the empty set.</summary>
    public static bool TryIdSet(string text, out IReadOnlySet<string> value, out string? detail)
    {
        value = Split(text);
        detail = null;
        foreach (var id in value)
            if (InputLimits.CheckText(id.AsSpan(), InputLimits.MaxIdLength) is { } problem)
            {
                detail = $"'{InputLimits.Excerpt(id)}' {problem}";
                return false;
            }
        return true;
    }

    /// <summary>A set as one text: its members sorted (ordinal) and comma-separated, <see cref="None"/> when empty.</summary>
    public static string Render(IReadOnlySet<string> set) =>
        set.Count == 0 ? None : string.Join(',', set.Order(StringComparer.Ordinal));

    /// <summary>A decimal as one text, in the invariant culture and with the scale it was given.</summary>
    public static string Render(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc cref="Render(decimal)"/>
    public static string Render(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static HashSet<string> Split(string text)
    {
        var trimmed = text.Trim();
        if (trimmed == None) return new HashSet<string>(StringComparer.Ordinal);
        return trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }
}
