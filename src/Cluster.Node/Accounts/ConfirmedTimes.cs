using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Node.Accounts;

/// <summary>
/// The requestedAt of an account's confirmed payments (UTC ticks), in ascending order, in chunks that stay off the
/// GC's large-object heap: what the velocity rule counts, kept for <see cref="AccountState.History"/>.
/// </summary>
/// <remarks>
/// A busy account with a high velocity limit confirms millions of payments in two days. One sorted list of them was
/// tens of MB on the large-object heap, regrown by doubling, and forgetting the oldest moved the whole list down, at
/// every payment once the history was full. Here times arrive mostly in order and are appended; the oldest leave by
/// whole chunks, or by moving the first chunk's start; a time out of order goes into its chunk, which splits in
/// two when full.
/// </remarks>
internal sealed class ConfirmedTimes
{
    internal const int ChunkLength = 4_096; // 32 KB of ticks

    private readonly List<Chunk> _chunks = [];

    public int Count { get; private set; }

    internal int Chunks => _chunks.Count;

    /// <summary>The latest time held; only when <see cref="Count"/> is above zero.</summary>
    public long Latest => _chunks[^1].Last;

    public void Add(long ticks)
    {
        Count++;
        if (_chunks.Count == 0 || ticks >= Latest)
        {
            if (_chunks.Count == 0 || !_chunks[^1].HasRoom()) _chunks.Add(new Chunk(FirstCapacity));
            _chunks[^1].Append(ticks);
            return;
        }

        var c = FirstChunkEndingAfter(ticks);
        var chunk = _chunks[c];
        if (!chunk.HasRoom())
        {
            var upper = chunk.SplitUpperHalf();
            _chunks.Insert(c + 1, upper);
            if (ticks >= upper.First) chunk = upper;
        }
        chunk.Insert(ticks);
    }

    /// <summary>How many times lie in (<paramref name="after"/>, <paramref name="upTo"/>].</summary>
    public int CountIn(long after, long upTo) => upTo <= after ? 0 : LaterThan(after) - LaterThan(upTo);

    /// <summary>Forgets every time at or before <paramref name="ticks"/>.</summary>
    public void ForgetUpTo(long ticks)
    {
        var whole = 0;
        while (whole < _chunks.Count && _chunks[whole].Last <= ticks) Count -= _chunks[whole++].Length;
        if (whole > 0) _chunks.RemoveRange(0, whole);
        if (_chunks.Count > 0) Count -= _chunks[0].DropUpTo(ticks);
    }

    public IEnumerable<long> InOrder()
    {
        foreach (var chunk in _chunks)
            for (var i = chunk.Start; i < chunk.End; i++)
                yield return chunk.Ticks[i];
    }

    public byte[] Pack() => PackedTicks.Pack(Count, InOrder());

    /// <summary>How many times are later than <paramref name="ticks"/>: walks back from the latest, so it costs what
    /// lies after <paramref name="ticks"/> in chunks.</summary>
    private int LaterThan(long ticks)
    {
        var later = 0;
        for (var c = _chunks.Count - 1; c >= 0; c--)
        {
            var chunk = _chunks[c];
            if (chunk.First > ticks)
            {
                later += chunk.Length;
                continue;
            }
            return later + chunk.End - chunk.UpperBound(ticks);
        }
        return later;
    }

    /// <summary>The first chunk whose last time is later than <paramref name="ticks"/> (there is one: it is below the latest).</summary>
    private int FirstChunkEndingAfter(long ticks)
    {
        int lo = 0, hi = _chunks.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_chunks[mid].Last > ticks) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>A chunk starts small and doubles up to <see cref="ChunkLength"/>: most accounts confirm a few payments.</summary>
    private const int FirstCapacity = 4;

    private sealed class Chunk(int capacity)
    {
        public long[] Ticks = new long[capacity];
        public int Start;
        public int End;

        public int Length => End - Start;
        public long First => Ticks[Start];
        public long Last => Ticks[End - 1];

        /// <summary>Makes room for one more time if it can: by moving the times to the front when at least half the
        /// array lies free before them (so each time moves at most once per half array's worth of forgetting), or by
        /// doubling the array up to <see cref="ChunkLength"/>. False when the chunk is full.</summary>
        public bool HasRoom()
        {
            if (End < Ticks.Length) return true;
            if (Start >= Ticks.Length / 2)
            {
                Array.Copy(Ticks, Start, Ticks, 0, Length);
                (Start, End) = (0, Length);
                return true;
            }
            if (Ticks.Length == ChunkLength) return false;
            Array.Resize(ref Ticks, Math.Min(Ticks.Length * 2, ChunkLength));
            return true;
        }

        /// <summary>Adds a time no earlier than <see cref="Last"/>; <see cref="HasRoom"/> said yes.</summary>
        public void Append(long ticks) => Ticks[End++] = ticks;

        /// <summary>Puts <paramref name="ticks"/> in order; <see cref="HasRoom"/> said yes.</summary>
        public void Insert(long ticks)
        {
            var at = UpperBound(ticks);
            Array.Copy(Ticks, at, Ticks, at + 1, End - at);
            Ticks[at] = ticks;
            End++;
        }

        /// <summary>Moves the later half of a full chunk into a new one, which it returns.</summary>
        public Chunk SplitUpperHalf()
        {
            var upper = new Chunk(ChunkLength);
            var middle = Start + Length / 2;
            Array.Copy(Ticks, middle, upper.Ticks, 0, End - middle);
            upper.End = End - middle;
            End = middle;
            return upper;
        }

        /// <summary>Drops the times at or before <paramref name="ticks"/> and says how many.</summary>
        public int DropUpTo(long ticks)
        {
            var at = UpperBound(ticks);
            var dropped = at - Start;
            Start = at;
            return dropped;
        }

        /// <summary>The index of the first time later than <paramref name="ticks"/>.</summary>
        public int UpperBound(long ticks)
        {
            int lo = Start, hi = End;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Ticks[mid] <= ticks) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }
}
