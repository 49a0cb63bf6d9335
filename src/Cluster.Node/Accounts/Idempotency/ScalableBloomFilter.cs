using System.IO.Hashing;
using System.Text;
using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Node.Accounts.Idempotency;

/// <summary>
/// A scalable Bloom filter (Almeida et al., 2007): a chain of stages, each four times larger than the one before and
/// with a tighter false-positive rate, so that it starts at about a hundred bytes and still keeps its overall
/// false-positive rate under 1% however many ids it holds. It never answers "no" for an id it holds. Deterministic
/// across processes (XxHash128 of the UTF-8 text), so that a filter restored from a snapshot answers as before.
/// </summary>
public sealed class ScalableBloomFilter
{
    /// <summary>Capacity of the first stage; stage i holds <c>FirstCapacity * 4^i</c> ids.</summary>
    public const int FirstCapacity = 64;

    /// <summary>The first stage's false-positive rate; each later stage's is <see cref="Tightening"/> times the last,
    /// so the filter's rate stays below <c>FirstRate / (1 - Tightening)</c> = 1%.</summary>
    private const double FirstRate = 0.002;
    private const double Tightening = 0.8;
    private const int Growth = 4;
    private const int MaxStageCapacity = 1 << 24;

    private readonly List<Stage> _stages = [];

    public int Count { get; private set; }

    /// <summary>Bytes of filter bits held (what a snapshot carries).</summary>
    public long SizeInBytes => _stages.Sum(s => (long)s.Words.Length * 8);

    public void Add(string text)
    {
        var (h1, h2) = Hash(text);
        if (_stages.Count == 0 || _stages[^1].IsFull) _stages.Add(Stage.Create(_stages.Count));
        _stages[^1].Add(h1, h2);
        Count++;
    }

    /// <summary>False when <paramref name="text"/> was certainly never added; true when it probably was.</summary>
    public bool MightContain(string text)
    {
        if (_stages.Count == 0) return false;
        var (h1, h2) = Hash(text);
        foreach (var stage in _stages)
            if (stage.MightContain(h1, h2)) return true;
        return false;
    }

    public IReadOnlyList<RequestFilterStage> ToSnapshot() =>
        _stages.Select(s => new RequestFilterStage(s.Capacity, s.Count, s.ToBytes())).ToList();

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
        private Stage(int capacity, int hashes, ulong[] words, int count)
        {
            Capacity = capacity;
            Hashes = hashes;
            Words = words;
            Count = count;
        }

        public int Capacity { get; }
        public int Hashes { get; }
        public ulong[] Words { get; }
        public int Count { get; private set; }
        public bool IsFull => Count >= Capacity;

        /// <summary>Sizes stage <paramref name="index"/>: capacity, then bits and hash count for its rate.</summary>
        public static Stage Create(int index)
        {
            var capacity = (int)Math.Min(MaxStageCapacity, FirstCapacity * Math.Pow(Growth, index));
            return new Stage(capacity, HashesFor(index), new ulong[WordsFor(index, capacity)], 0);
        }

        public static Stage FromBytes(int index, RequestFilterStage snapshot)
        {
            var words = new ulong[snapshot.Bits.Length / 8];
            Buffer.BlockCopy(snapshot.Bits, 0, words, 0, words.Length * 8);
            if (words.Length != WordsFor(index, snapshot.Capacity))
                throw new InvalidDataException($"Request filter stage {index} has {words.Length} words, expected {WordsFor(index, snapshot.Capacity)}");
            return new Stage(snapshot.Capacity, HashesFor(index), words, snapshot.Count);
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
            var bits = (ulong)Words.Length * 64;
            for (var i = 0; i < Hashes; i++)
            {
                var bit = (h1 + (ulong)i * h2) % bits;
                Words[bit >> 6] |= 1UL << (int)(bit & 63);
            }
            Count++;
        }

        public bool MightContain(ulong h1, ulong h2)
        {
            var bits = (ulong)Words.Length * 64;
            for (var i = 0; i < Hashes; i++)
            {
                var bit = (h1 + (ulong)i * h2) % bits;
                if ((Words[bit >> 6] & (1UL << (int)(bit & 63))) == 0) return false;
            }
            return true;
        }

        public byte[] ToBytes()
        {
            var bytes = new byte[Words.Length * 8];
            Buffer.BlockCopy(Words, 0, bytes, 0, bytes.Length);
            return bytes;
        }
    }
}
