namespace Akka.Payments.Node.Trust;

/// <summary>
/// A map from 128-bit hashes to times, split into small dictionaries by the hash's leading bits (extendible hashing),
/// so that no array it holds is large enough for the GC's large-object heap, however many keys it holds.
/// </summary>
/// <remarks>
/// One dictionary of a horizon's keys (over a million at 2,000/s) lives on the large-object heap, which the GC does
/// not compact by default, and every time it grows it leaves its old arrays there as gaps. Here a full segment is
/// split in two by the next bit of its keys' hashes instead of growing. The keys are SHA-256 outputs, so the bits
/// split them evenly. A segment's dictionary is created with <see cref="SegmentCapacity"/> slots (a prime, as
/// Dictionary keeps them) and never grows past it: 32-byte entries and 4-byte buckets, 75 KB and 9 KB, under the
/// heap's 85,000-byte threshold. The directory holds one reference per leading-bit prefix: a few thousand (tens of
/// KB) at a million keys.
/// </remarks>
internal sealed class SegmentedKeyMap
{
    internal const int SegmentCapacity = 2_333;

    /// <summary>A prefix this long would take a directory of 8 MB; a segment at that depth grows instead of
    /// splitting (only keys crafted to share 20 leading hash bits can fill one).</summary>
    internal const int MaxDepth = 20;

    private Segment[] _directory = [new Segment(0)];
    private int _depth;

    public int Count { get; private set; }

    public bool TryGetValue(HashedKey key, out long value) => SegmentOf(key).Map.TryGetValue(key, out value);

    public bool TryAdd(HashedKey key, long value)
    {
        var segment = SegmentOf(key);
        while (segment.Map.Count >= SegmentCapacity && segment.Depth < MaxDepth)
        {
            if (segment.Map.ContainsKey(key)) return false;
            Split(segment);
            segment = SegmentOf(key);
        }
        if (!segment.Map.TryAdd(key, value)) return false;
        Count++;
        return true;
    }

    public bool Remove(HashedKey key)
    {
        if (!SegmentOf(key).Map.Remove(key)) return false;
        Count--;
        return true;
    }

    /// <summary>Every key with its value, each once, in no particular order.</summary>
    public IEnumerable<KeyValuePair<HashedKey, long>> Entries() => Segments().SelectMany(segment => segment.Map);

    /// <summary>The most slots any segment's dictionary has (for the specs: it stays at the created capacity).</summary>
    internal int LargestSegmentSlots => Segments().Max(segment => segment.Map.EnsureCapacity(0));

    /// <summary>Each segment once: a segment covers a contiguous run of the directory.</summary>
    private IEnumerable<Segment> Segments()
    {
        Segment? previous = null;
        foreach (var segment in _directory)
        {
            if (ReferenceEquals(segment, previous)) continue;
            previous = segment;
            yield return segment;
        }
    }

    private Segment SegmentOf(HashedKey key) => _directory[Prefix(key, _depth)];

    private static int Prefix(HashedKey key, int bits) => bits == 0 ? 0 : (int)(key.High >> (64 - bits));

    private void Split(Segment full)
    {
        if (full.Depth == _depth)
        {
            var doubled = new Segment[_directory.Length * 2];
            for (var i = 0; i < doubled.Length; i++) doubled[i] = _directory[i >> 1];
            _directory = doubled;
            _depth++;
        }

        var depth = full.Depth + 1;
        var zero = new Segment(depth);
        var one = new Segment(depth);
        foreach (var (key, value) in full.Map)
            ((Prefix(key, depth) & 1) == 0 ? zero : one).Map.Add(key, value);
        for (var i = 0; i < _directory.Length; i++)
            if (ReferenceEquals(_directory[i], full))
                _directory[i] = ((i >> (_depth - depth)) & 1) == 0 ? zero : one;
    }

    private sealed class Segment(int depth)
    {
        public readonly int Depth = depth;
        public readonly Dictionary<HashedKey, long> Map = new(SegmentCapacity);
    }
}
