using System.IO.Hashing;
using System.Text;
using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Node.Accounts.Idempotency;

/// <summary>
/// A scalable Bloom filter (Almeida et al., 2007): a chain of stages, each four times larger than the one before (up
/// to <see cref="MaxStageCapacity"/>) and with a tighter false-positive rate, so that it starts at about a hundred
/// bytes and still keeps its overall false-positive rate under 1% however many ids it holds. It never answers "no"
/// for an id it holds. Deterministic across processes (XxHash128 of the UTF-8 text), so that a filter restored from
/// a snapshot answers as before.
/// </summary>
/// <remarks>
/// A stage that can no longer change can be sealed: <see cref="Seal"/> stops adds to it (the next id opens a new
/// stage) and hands out its bits to be journaled once, at a sequence number the caller gives (on a replay,
/// <see cref="Sealed"/> records it). A snapshot then carries only that number, and a filter restored from it holds
/// the stage as pending until <see cref="Load"/> gives its bits back; a pending stage answers "maybe" for every id,
/// so a filter is never wrong while it loads, only slower.
/// </remarks>
public sealed class ScalableBloomFilter
{
    /// <summary>Capacity of the first stage; stage i holds <c>FirstCapacity * 4^i</c> ids.</summary>
    public const int FirstCapacity = 64;

    /// <summary>The first stage's false-positive rate; each later stage's is <see cref="Tightening"/> times the last,
    /// so the filter's rate stays below <c>FirstRate / (1 - Tightening)</c> = 1%.</summary>
    private const double FirstRate = 0.002;
    private const double Tightening = 0.8;
    private const int Growth = 4;

    /// <summary>Stages stop growing at this capacity (0.5–0.7 MB of bits): a busy day adds stages of this size rather
    /// than one four times the last, most of it empty for hours, and the stage an account is filling, which every
    /// snapshot carries, stays this small however many requests the day brings.</summary>
    public const int MaxStageCapacity = 1 << 18;

    private readonly List<Stage> _stages = [];

    public int Count { get; private set; }

    /// <summary>Bytes of filter bits held in memory (pending stages' included, as they will be once loaded).</summary>
    public long SizeInBytes => _stages.Sum(s => (long)s.WordCount * 8);

    /// <summary>How many stages the filter has.</summary>
    public int StageCount => _stages.Count;

    public void Add(string text)
    {
        var (h1, h2) = Hash(text);
        if (_stages.Count == 0 || _stages[^1].IsFull || _stages[^1].IsSealed) _stages.Add(Stage.Create(_stages.Count));
        _stages[^1].Add(h1, h2);
        Count++;
    }

    /// <summary>The first stage of at least <paramref name="minCapacity"/> that can no longer change and is not sealed
    /// yet: a full one, or any when <paramref name="closed"/> (nothing will be added to the filter any more); null if
    /// none.</summary>
    public int? NextToSeal(int minCapacity, bool closed)
    {
        for (var i = 0; i < _stages.Count; i++)
        {
            var stage = _stages[i];
            if (!stage.IsSealed && stage.Capacity >= minCapacity && (stage.IsFull || closed) && stage.Count > 0) return i;
        }
        return null;
    }

    /// <summary>Stops adds to stage <paramref name="index"/>, which the caller journals at
    /// <paramref name="sequenceNr"/>, and returns its bits to be journaled.</summary>
    public RequestFilterStage Seal(int index, long sequenceNr)
    {
        var stage = _stages[index];
        stage.SealedAt = sequenceNr;
        return new RequestFilterStage(stage.Capacity, stage.Count, stage.ToBytes());
    }

    /// <summary>
    /// On a replay: stage <paramref name="index"/> was journaled at <paramref name="sequenceNr"/> as
    /// <paramref name="journaled"/>. False, and nothing changes, when this filter's stage is not the one journaled
    /// (another count: the stage was filled otherwise on this replay); the stage then stays in the snapshots.
    /// </summary>
    public bool Sealed(int index, RequestFilterStage journaled, long sequenceNr)
    {
        if (index >= _stages.Count) return false;
        var stage = _stages[index];
        if (stage.Capacity != journaled.Capacity || stage.Count != journaled.Count) return false;
        stage.SealedAt = sequenceNr;
        return true;
    }

    /// <summary>The sealed stages whose bits this filter does not hold yet (restored from a snapshot).</summary>
    public IEnumerable<(int Index, long SealedAt)> Pending =>
        _stages.Select((s, i) => (Stage: s, Index: i)).Where(x => x.Stage.IsPending).Select(x => (x.Index, x.Stage.SealedAt!.Value));

    /// <summary>Gives pending stage <paramref name="index"/> its journaled bits.</summary>
    public void Load(int index, RequestFilterStage journaled) => _stages[index].Load(index, journaled);

    /// <summary>False when <paramref name="text"/> was certainly never added; true when it probably was.</summary>
    public bool MightContain(string text)
    {
        if (_stages.Count == 0) return false;
        var (h1, h2) = Hash(text);
        foreach (var stage in _stages)
            if (stage.MightContain(h1, h2)) return true;
        return false;
    }

    /// <summary>The stages as a snapshot stores them: a sealed stage by its place in the journal, the others with their bits.</summary>
    public IReadOnlyList<RequestFilterStage> ToSnapshot() =>
        _stages.Select(s => s.SealedAt is { } at ? new RequestFilterStage(s.Capacity, s.Count, [], at) : new RequestFilterStage(s.Capacity, s.Count, s.ToBytes())).ToList();

    public static ScalableBloomFilter FromSnapshot(IReadOnlyList<RequestFilterStage> stages)
    {
        var filter = new ScalableBloomFilter();
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = Stage.FromBytes(i, stages[i]);
            filter._stages.Add(stage);
            filter.Count += stage.Count;
        }
        return filter;
    }

    private static (ulong, ulong) Hash(string text)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(text.Length, 256))];
        var bytes = text.Length <= 256 ? utf8[..Encoding.UTF8.GetBytes(text, utf8)] : Encoding.UTF8.GetBytes(text);
        var hash = XxHash128.HashToUInt128(bytes);
        return ((ulong)(hash >> 64), (ulong)hash | 1); // odd second hash: every probe sequence visits distinct bits
    }

    private sealed class Stage
    {
        private Stage(int capacity, int hashes, int wordCount, ulong[]? words, int count)
        {
            Capacity = capacity;
            Hashes = hashes;
            WordCount = wordCount;
            Words = words;
            Count = count;
        }

        public int Capacity { get; }
        public int Hashes { get; }
        public int WordCount { get; }

        /// <summary>The bits; null while the stage is pending (sealed, restored from a snapshot, not loaded yet).</summary>
        public ulong[]? Words { get; private set; }

        public int Count { get; private set; }
        public bool IsFull => Count >= Capacity;

        /// <summary>The journal's sequence number of the event holding this stage's bits (written, or being written:
        /// a snapshot that refers to it is saved only after a later event, so after this one).</summary>
        public long? SealedAt { get; set; }

        /// <summary>No id is added to a sealed stage.</summary>
        public bool IsSealed => SealedAt is not null;

        public bool IsPending => Words is null;

        /// <summary>Sizes stage <paramref name="index"/>: capacity, then bits and hash count for its rate.</summary>
        public static Stage Create(int index)
        {
            var capacity = (int)Math.Min(MaxStageCapacity, FirstCapacity * Math.Pow(Growth, index));
            var words = WordsFor(index, capacity);
            return new Stage(capacity, HashesFor(index), words, new ulong[words], 0);
        }

        public static Stage FromBytes(int index, RequestFilterStage snapshot)
        {
            var stage = new Stage(snapshot.Capacity, HashesFor(index), WordsFor(index, snapshot.Capacity), null, snapshot.Count);
            if (snapshot.SealedAt is { } at)
            {
                stage.SealedAt = at;
                if (snapshot.Bits.Length == 0) return stage; // pending: its bits are in the journal
            }
            stage.Load(index, snapshot);
            return stage;
        }

        public void Load(int index, RequestFilterStage stored)
        {
            if (stored.Capacity != Capacity || stored.Count != Count)
                throw new InvalidDataException($"Request filter stage {index} holds {Count} of {Capacity} ids, its stored bits {stored.Count} of {stored.Capacity}");
            if (stored.Bits.Length != WordCount * 8)
                throw new InvalidDataException($"Request filter stage {index} has {stored.Bits.Length / 8} words, expected {WordCount}");
            var words = new ulong[WordCount];
            Buffer.BlockCopy(stored.Bits, 0, words, 0, stored.Bits.Length);
            Words = words;
        }

        private static double RateOf(int index) => FirstRate * Math.Pow(Tightening, index);

        private static int WordsFor(int index, int capacity)
        {
            var bits = Math.Ceiling(capacity * -Math.Log(RateOf(index)) / (Math.Log(2) * Math.Log(2)));
            return (int)Math.Ceiling(bits / 64);
        }

        private static int HashesFor(int index) => Math.Max(1, (int)Math.Ceiling(-Math.Log2(RateOf(index))));

        public void Add(ulong h1, ulong h2)
        {
            var words = Words ?? throw new InvalidOperationException("a pending filter stage takes no ids");
            var bits = (ulong)words.Length * 64;
            for (var i = 0; i < Hashes; i++)
            {
                var bit = (h1 + (ulong)i * h2) % bits;
                words[bit >> 6] |= 1UL << (int)(bit & 63);
            }
            Count++;
        }

        public bool MightContain(ulong h1, ulong h2)
        {
            if (Words is not { } words) return true; // pending: cannot say "no"
            var bits = (ulong)words.Length * 64;
            for (var i = 0; i < Hashes; i++)
            {
                var bit = (h1 + (ulong)i * h2) % bits;
                if ((words[bit >> 6] & (1UL << (int)(bit & 63))) == 0) return false;
            }
            return true;
        }

        public byte[] ToBytes()
        {
            var words = Words ?? throw new InvalidOperationException("a pending filter stage has no bits to copy");
            var bytes = new byte[words.Length * 8];
            Buffer.BlockCopy(words, 0, bytes, 0, bytes.Length);
            return bytes;
        }
    }
}
