using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Node.Trust;

/// <summary>
/// The deduplication keys of the records counted within the horizon, forgotten once their record's time falls
/// behind it: memory is bounded by the records of one horizon, whatever the total.
/// </summary>
/// <remarks>
/// A key is kept as the first 128 bits of its SHA-256, not as its text: a horizon holds every outcome id of ten
/// minutes (1.2 million at 2,000/s), and as strings with their time and queue entry the node grew by about 0.9 KiB
/// per id (measured in a soak). Hashed, a dictionary entry and a queue entry of fixed size, about 125 bytes with
/// the collections' spare capacity (measured in a heap dump). SHA-256 rather than a faster non-cryptographic hash because the ids
/// come from outside: nobody can practically craft two ids that collide, which would make the plane count a real
/// outcome as a duplicate.
/// The journal keeps the ids themselves (in the records), so replay hashes them the same way.
/// </remarks>
public sealed class SeenRecords
{
    private const byte PackedVersion = 1;
    private const int EntryHashBytes = 16;

    private readonly Dictionary<UInt128, long> _atTicks = new();
    private readonly PriorityQueue<UInt128, long> _byTime = new();

    public int Count => _atTicks.Count;

    public bool Contains(string key) => _atTicks.ContainsKey(Hash(key));

    /// <summary>Remembers <paramref name="key"/>; false when it was already remembered.</summary>
    public bool Add(string key, DateTimeOffset at) => Add(Hash(key), at.UtcTicks);

    private bool Add(UInt128 hash, long atTicks)
    {
        if (!_atTicks.TryAdd(hash, atTicks)) return false;
        _byTime.Enqueue(hash, atTicks);
        return true;
    }

    /// <summary>Forgets every key whose record time is before <paramref name="cutoff"/>.</summary>
    public void ForgetBefore(DateTimeOffset cutoff)
    {
        var ticks = cutoff.UtcTicks;
        while (_byTime.TryPeek(out var hash, out var at) && at < ticks)
        {
            _byTime.Dequeue();
            _atTicks.Remove(hash);
        }
    }

    /// <summary>
    /// The remembered keys as one byte string (JSON writes it as base64): a version byte, then per key, ordered by
    /// time and then hash, the time as a varint delta from the previous key's (UTC ticks) and the 16 bytes of its hash.
    /// About 18 bytes per key, and equal sets give equal bytes.
    /// </summary>
    public byte[] ToPacked()
    {
        var entries = new (long At, UInt128 Hash)[_atTicks.Count];
        var i = 0;
        foreach (var (hash, at) in _atTicks) entries[i++] = (at, hash);
        Array.Sort(entries);

        var size = 1L;
        var previous = 0L;
        foreach (var (at, _) in entries)
        {
            size += VarintLength((ulong)(at - previous)) + EntryHashBytes;
            previous = at;
        }
        var packed = new byte[size]; // sized exactly: a full horizon packs to tens of MB, which must not be copied
        packed[0] = PackedVersion;
        var span = packed.AsSpan(1);
        previous = 0L;
        foreach (var (at, hash) in entries)
        {
            var written = WriteVarint(span, (ulong)(at - previous));
            BinaryPrimitives.WriteUInt128LittleEndian(span[written..], hash);
            span = span[(written + EntryHashBytes)..];
            previous = at;
        }
        return packed;
    }

    /// <summary>Restores the keys of a snapshot: <paramref name="packed"/> (see <see cref="ToPacked"/>) and, from
    /// snapshots taken before keys were hashed, <paramref name="legacy"/> keys as text.</summary>
    public static SeenRecords FromSnapshot(byte[]? packed, IEnumerable<SeenRecord>? legacy = null)
    {
        var records = new SeenRecords();
        foreach (var s in legacy ?? []) records.Add(s.Key, s.At);
        if (packed is null || packed.Length == 0) return records;
        if (packed[0] != PackedVersion)
            throw new FormatException($"Seen records packed in version {packed[0]}; this node reads version {PackedVersion}");
        var span = packed.AsSpan(1);
        var at = 0L;
        while (!span.IsEmpty)
        {
            var read = ReadVarint(span, out var delta);
            if (span.Length < read + EntryHashBytes) throw new FormatException("Seen records packed with a truncated entry");
            at = checked(at + (long)delta);
            records.Add(BinaryPrimitives.ReadUInt128LittleEndian(span.Slice(read, EntryHashBytes)), at);
            span = span[(read + EntryHashBytes)..];
        }
        return records;
    }

    private static UInt128 Hash(string key)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        var rented = maxBytes <= 512 ? null : ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[512];
            var length = Encoding.UTF8.GetBytes(key, utf8);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..length], digest);
            return BinaryPrimitives.ReadUInt128LittleEndian(digest);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
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

    private static int WriteVarint(Span<byte> span, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        return i;
    }

    private static int ReadVarint(ReadOnlySpan<byte> span, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 10 && i < span.Length; i++)
        {
            value |= (ulong)(span[i] & 0x7F) << (7 * i);
            if ((span[i] & 0x80) == 0) return i + 1;
        }
        throw new FormatException("Seen records packed with a malformed time");
    }
}
