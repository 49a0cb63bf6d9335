using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// per id (measured in a soak). Hashed, a dictionary entry and a queue entry of fixed size, about 81 bytes with
/// the collections' spare capacity (measured in a heap dump at a full horizon). SHA-256 rather than a faster
/// non-cryptographic hash because the ids come from outside: nobody can practically craft two ids that collide,
/// which would make the plane count a real outcome as a duplicate.
/// The journal keeps the ids themselves (in the records), so replay hashes them the same way.
/// Both collections are kept in pieces below the GC's large-object threshold (<see cref="SegmentedKeyMap"/>,
/// <see cref="ChunkedTimeQueue"/>): as single arrays of tens of MB they sat on the large-object heap, which the GC
/// does not compact, and each growth left the old array there as a gap (120–170 MiB of gaps at a full horizon,
/// measured with the runtime's counters in a soak).
/// </remarks>
public sealed class SeenRecords
{
    private const byte PackedVersion = 2;
    private const byte DeltaPackedVersion = 1;
    private const int EntryHashBytes = 16;
    private const int FixedEntryBytes = 8 + EntryHashBytes;

    static SeenRecords()
    {
        if (!BitConverter.IsLittleEndian || Unsafe.SizeOf<PackedEntry>() != FixedEntryBytes)
            throw new PlatformNotSupportedException("The trust plane packs its seen records as little-endian memory");
    }

    private readonly SegmentedKeyMap _atTicks = new();
    private readonly ChunkedTimeQueue _byTime = new();

    public int Count => _atTicks.Count;

    public bool Contains(string key) => _atTicks.TryGetValue(Hash(key), out _);

    /// <summary>Remembers <paramref name="key"/>; false when it was already remembered.</summary>
    public bool Add(string key, DateTimeOffset at) => Add(Hash(key), at.UtcTicks);

    private bool Add(HashedKey hash, long atTicks)
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
    /// The remembered keys as one byte string: a version byte (2), then per key, ordered by time and then hash, its
    /// time (UTC ticks, 8 bytes) and the 16 bytes of its hash, both little-endian. 24 bytes a key; equal sets give
    /// equal bytes.
    /// </summary>
    /// <remarks>
    /// A full horizon is over a million keys, and a snapshot is taken every few dozen seconds at full rate: the packing
    /// allocates nothing but its result. The entries are written straight into it and sorted in place. (Version 1 sorted
    /// a separate array of entries, then wrote a varint time delta per key: 18 bytes a key, but a second array of tens of
    /// MB for each snapshot.)
    /// </remarks>
    public byte[] ToPacked()
    {
        var packed = new byte[PackedLength];
        PackInto(packed);
        return packed;
    }

    /// <summary>How many bytes <see cref="ToPacked"/> gives, and <see cref="PackInto"/> writes.</summary>
    public int PackedLength => checked(1 + _atTicks.Count * FixedEntryBytes);

    /// <summary>Writes <see cref="ToPacked"/>'s bytes into <paramref name="packed"/>, which is
    /// <see cref="PackedLength"/> long: a snapshot's keys written where they are stored.</summary>
    public void PackInto(Span<byte> packed)
    {
        if (packed.Length != PackedLength)
            throw new ArgumentException($"Packing {Count} keys takes {PackedLength} bytes, not {packed.Length}", nameof(packed));
        packed[0] = PackedVersion;
        var entries = MemoryMarshal.Cast<byte, PackedEntry>(packed[1..]);
        var i = 0;
        foreach (var (hash, at) in _atTicks.Entries()) entries[i++] = new PackedEntry(at, hash);
        entries.Sort();
    }

    /// <summary>Restores the keys of a snapshot: <paramref name="packed"/> (see <see cref="ToPacked"/>; version 1 is
    /// read too) and, from snapshots taken before keys were hashed, <paramref name="legacy"/> keys as text.</summary>
    public static SeenRecords FromSnapshot(byte[]? packed, IEnumerable<SeenRecord>? legacy = null)
    {
        var records = new SeenRecords();
        foreach (var s in legacy ?? []) records.Add(s.Key, s.At);
        if (packed is null || packed.Length == 0) return records;
        switch (packed[0])
        {
            case PackedVersion:
                ReadFixed(packed.AsSpan(1), records);
                break;
            case DeltaPackedVersion:
                ReadDeltas(packed.AsSpan(1), records);
                break;
            default:
                throw new FormatException($"Seen records packed in version {packed[0]}; this node reads versions {DeltaPackedVersion} and {PackedVersion}");
        }
        return records;
    }

    private static void ReadFixed(ReadOnlySpan<byte> span, SeenRecords records)
    {
        if (span.Length % FixedEntryBytes != 0) throw new FormatException("Seen records packed with a truncated entry");
        for (; !span.IsEmpty; span = span[FixedEntryBytes..])
            records.Add(ReadHash(span.Slice(8, EntryHashBytes)), BinaryPrimitives.ReadInt64LittleEndian(span));
    }

    /// <summary>Version 1, as trust.snapshot.v2 snapshots hold it: per key, oldest first, a varint time delta from the
    /// previous key's (UTC ticks) and the 16 bytes of its hash.</summary>
    private static void ReadDeltas(ReadOnlySpan<byte> span, SeenRecords records)
    {
        var at = 0L;
        while (!span.IsEmpty)
        {
            var read = ReadVarint(span, out var delta);
            if (span.Length < read + EntryHashBytes) throw new FormatException("Seen records packed with a truncated entry");
            at = checked(at + (long)delta);
            records.Add(ReadHash(span.Slice(read, EntryHashBytes)), at);
            span = span[(read + EntryHashBytes)..];
        }
    }

    /// <summary>One key as <see cref="ToPacked"/> lays it out; its memory is its stored bytes on a little-endian
    /// machine (checked when the type is first used), so entries are written and sorted where they are stored.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private readonly struct PackedEntry(long at, HashedKey hash) : IComparable<PackedEntry>
    {
        private readonly long _at = at;
        private readonly ulong _low = hash.Low;
        private readonly ulong _high = hash.High;

        public int CompareTo(PackedEntry other)
        {
            var byTime = _at.CompareTo(other._at);
            return byTime != 0 ? byTime : new HashedKey(_high, _low).CompareTo(new HashedKey(other._high, other._low));
        }
    }

    /// <summary>The 16 bytes of a hash as stored: a 128-bit little-endian number, low half first.</summary>
    private static HashedKey ReadHash(ReadOnlySpan<byte> stored) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(stored[8..]), BinaryPrimitives.ReadUInt64LittleEndian(stored));

    private static HashedKey Hash(string key)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        var rented = maxBytes <= 512 ? null : ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[512];
            var length = Encoding.UTF8.GetBytes(key, utf8);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..length], digest);
            return ReadHash(digest);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
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
