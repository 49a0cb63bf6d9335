namespace Akka.Payments.Shared.Accounts;

/// <summary>
/// Times in ascending order, as UTC ticks packed in unsigned LEB128 varints: how many, the first, then each one's
/// distance from the one before. Payments seconds apart take three or four bytes each, against about 35 as JSON text.
/// </summary>
public static class PackedTicks
{
    private const int MaxVarintBytes = 10;

    /// <summary>The <paramref name="count"/> values of <paramref name="ascending"/>, packed.</summary>
    /// <exception cref="ArgumentException">a value is negative or smaller than the one before, or the count is wrong.</exception>
    public static byte[] Pack(int count, IEnumerable<long> ascending)
    {
        var length = VarintLength((ulong)count);
        var previous = 0L;
        var seen = 0;
        foreach (var ticks in ascending)
        {
            if (ticks < previous) throw new ArgumentException($"times must be ascending and not negative: {ticks} after {previous}", nameof(ascending));
            length += VarintLength((ulong)(ticks - previous));
            previous = ticks;
            seen++;
        }
        if (seen != count) throw new ArgumentException($"{seen} times where {count} were announced", nameof(count));

        var packed = GC.AllocateUninitializedArray<byte>(length);
        var at = WriteVarint(packed, 0, (ulong)count);
        previous = 0;
        foreach (var ticks in ascending)
        {
            at = WriteVarint(packed, at, (ulong)(ticks - previous));
            previous = ticks;
        }
        return packed;
    }

    /// <summary>Hands each packed value to <paramref name="each"/>, in order, and returns how many there were.</summary>
    /// <exception cref="FormatException">the bytes are cut short, run on, or give a value beyond <paramref name="maxTicks"/>.</exception>
    public static int Read(ReadOnlySpan<byte> packed, long maxTicks, Action<long>? each = null)
    {
        var at = 0;
        var count = ReadVarint(packed, ref at);
        if (count > (ulong)packed.Length) throw new FormatException($"{count} times announced in {packed.Length} bytes");
        var ticks = 0UL;
        for (var i = 0UL; i < count; i++)
        {
            var step = ReadVarint(packed, ref at);
            if (step > (ulong)maxTicks - ticks) throw new FormatException($"time {i} is beyond {maxTicks} ticks");
            ticks += step;
            each?.Invoke((long)ticks);
        }
        if (at != packed.Length) throw new FormatException($"{packed.Length - at} bytes follow the last of {count} times");
        return (int)count;
    }

    private static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    private static int WriteVarint(byte[] into, int at, ulong value)
    {
        while (value >= 0x80)
        {
            into[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        into[at++] = (byte)value;
        return at;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> from, ref int at)
    {
        var value = 0UL;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            if (at >= from.Length) throw new FormatException($"a number is cut short at byte {at}");
            var b = from[at++];
            if (i == MaxVarintBytes - 1 && b > 1) throw new FormatException($"a number runs past 64 bits at byte {at - 1}");
            value |= (ulong)(b & 0x7f) << (7 * i);
            if (b < 0x80) return value;
        }
        throw new FormatException($"a number runs past 64 bits at byte {at - 1}");
    }
}
