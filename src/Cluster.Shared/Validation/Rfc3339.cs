using System.Globalization;

namespace Akka.Payments.Shared.Validation;

/// <summary>
/// RFC 3339 date-times (<c>2026-11-26T14:00:00.123Z</c>, <c>...+02:00</c>) without allocating. Strict: upper-case
/// <c>T</c> and <c>Z</c>, seconds required, 1–9 fraction digits (beyond 7 truncated), no leap second.
/// </summary>
public static class Rfc3339
{
    /// <summary>The UTC form we write: <c>2026-11-26T14:00:00.123Z</c>, fraction only as long as needed.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
            return false;
        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)
            || !Digits(s.Slice(11, 2), out var hour) || !Digits(s.Slice(14, 2), out var minute)
            || !Digits(s.Slice(17, 2), out var second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return false;

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                if (i - start < 7) fractionTicks = fractionTicks * 10 + (s[i] - '0');
                i++;
            }
            var digits = i - start;
            if (digits is 0 or > 9) return false;
            for (var d = digits; d < 7; d++) fractionTicks *= 10;
        }

        TimeSpan offset;
        var rest = s[i..];
        if (rest.Length == 1 && rest[0] == 'Z')
            offset = TimeSpan.Zero;
        else if (rest.Length == 6 && rest[0] is (byte)'+' or (byte)'-' && rest[3] == ':'
                 && Digits(rest.Slice(1, 2), out var oh) && Digits(rest.Slice(4, 2), out var om) && oh <= 14 && om <= 59)
            offset = (rest[0] == '-' ? -1 : 1) * new TimeSpan(oh, om, 0);
        else
            return false;

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utc = local - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks || offset.Duration() > TimeSpan.FromHours(14))
            return false;
        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var b in s)
        {
            var d = (uint)(b - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}
