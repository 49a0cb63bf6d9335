namespace Akka.Payments.Node.Trust;

/// <summary>
/// A min-heap of hashed keys by time (UTC ticks), stored in fixed chunks that stay off the GC's large-object heap,
/// however many keys it holds.
/// </summary>
/// <remarks>
/// <see cref="PriorityQueue{TElement,TPriority}"/> keeps its heap in one array, which at a full horizon is tens of
/// MB on the large-object heap and is replaced by one twice as large as it grows, leaving the old one as a gap that
/// heap does not compact. Here the heap's slots are 2,048-entry chunks (48 KB of 24-byte entries, under the
/// 85,000-byte threshold), added as it grows and released as it shrinks. A binary heap: keys mostly arrive in time
/// order, so an enqueue rarely moves.
/// </remarks>
internal sealed class ChunkedTimeQueue
{
    internal const int ChunkShift = 11;
    internal const int ChunkLength = 1 << ChunkShift;
    private const int ChunkMask = ChunkLength - 1;

    private readonly List<Entry[]> _chunks = [];

    public int Count { get; private set; }

    internal int Chunks => _chunks.Count;

    public void Enqueue(HashedKey key, long at)
    {
        if (Count == _chunks.Count * ChunkLength) _chunks.Add(new Entry[ChunkLength]);
        var i = Count++;
        var entry = new Entry(at, key);
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            ref var above = ref Slot(parent);
            if (above.At <= at) break;
            Slot(i) = above;
            i = parent;
        }
        Slot(i) = entry;
    }

    public bool TryPeek(out HashedKey key, out long at)
    {
        if (Count == 0)
        {
            (key, at) = (default, default);
            return false;
        }
        ref var first = ref Slot(0);
        (key, at) = (first.Key, first.At);
        return true;
    }

    public void Dequeue()
    {
        if (Count == 0) throw new InvalidOperationException("The queue is empty");
        var last = Slot(--Count);
        Slot(Count) = default;
        // Keep one spare chunk so that a queue hovering at a chunk's edge does not allocate at every turn.
        if (_chunks.Count > 1 && Count <= (_chunks.Count - 2) * ChunkLength) _chunks.RemoveAt(_chunks.Count - 1);
        if (Count == 0) return;

        var i = 0;
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= Count) break;
            if (child + 1 < Count && Slot(child + 1).At < Slot(child).At) child++;
            ref var below = ref Slot(child);
            if (last.At <= below.At) break;
            Slot(i) = below;
            i = child;
        }
        Slot(i) = last;
    }

    private ref Entry Slot(int i) => ref _chunks[i >> ChunkShift][i & ChunkMask];

    private readonly record struct Entry(long At, HashedKey Key);
}
