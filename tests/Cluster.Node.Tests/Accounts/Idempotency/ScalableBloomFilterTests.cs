using Akka.Payments.Node.Accounts.Idempotency;

namespace Akka.Payments.Node.Tests.Accounts.Idempotency;

public sealed class ScalableBloomFilterTests
{
    [Fact]
    public void An_empty_filter_holds_nothing_and_costs_nothing()
    {
        var filter = new ScalableBloomFilter();
        Assert.False(filter.MightContain("p:anything"));
        Assert.Equal(0, filter.SizeInBytes);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    [InlineData(200_000)]
    public void Every_id_added_is_found_and_strangers_are_found_less_than_one_time_in_a_hundred(int count)
    {
        var filter = new ScalableBloomFilter();
        for (var i = 0; i < count; i++) filter.Add($"p:payment-{i}");

        for (var i = 0; i < count; i++) Assert.True(filter.MightContain($"p:payment-{i}"), $"payment-{i} was added");
        const int strangers = 100_000;
        var falsePositives = Enumerable.Range(0, strangers).Count(i => filter.MightContain($"p:stranger-{i}"));
        Assert.True(falsePositives < strangers / 100, $"{falsePositives} false positives in {strangers}");
    }

    [Fact]
    public void It_grows_with_what_it_holds_at_a_few_bytes_per_id()
    {
        var small = new ScalableBloomFilter();
        for (var i = 0; i < 50; i++) small.Add($"p:{i}");
        var large = new ScalableBloomFilter();
        for (var i = 0; i < 1_000_000; i++) large.Add($"p:{i}");

        Assert.InRange(small.SizeInBytes, 1, 200);
        Assert.InRange(large.SizeInBytes / 1_000_000.0, 0.5, 4.0);
    }

    [Fact]
    public void A_filter_restored_from_its_snapshot_answers_as_before()
    {
        var filter = new ScalableBloomFilter();
        for (var i = 0; i < 5_000; i++) filter.Add($"c:{i}");

        var restored = ScalableBloomFilter.FromSnapshot(filter.ToSnapshot());

        Assert.Equal(filter.Count, restored.Count);
        for (var i = 0; i < 10_000; i++) Assert.Equal(filter.MightContain($"c:{i}"), restored.MightContain($"c:{i}"));
        restored.Add("c:new");
        Assert.True(restored.MightContain("c:new"));
    }

    /// <summary>The bits "p:pinned" sets in a first stage, as XxHash128 gave them when this test was written.</summary>
    private const string PinnedBits = "30,81,227,373,424,519,570,716,767";

    [Fact]
    public void The_same_text_hashes_the_same_way_in_every_process()
    {
        // Pinned bits: a filter written by one process must be read by any other (no randomized string hashing).
        var filter = new ScalableBloomFilter();
        filter.Add("p:pinned");
        var bits = filter.ToSnapshot()[0].Bits;
        var set = Enumerable.Range(0, bits.Length * 8).Where(b => (bits[b / 8] & (1 << (b % 8))) != 0).ToArray();
        var again = new ScalableBloomFilter();
        again.Add("p:pinned");
        Assert.Equal(bits, again.ToSnapshot()[0].Bits);
        Assert.Equal(9, set.Length); // one bit per hash function of the first stage
        Assert.Equal(PinnedBits, string.Join(",", set));
    }
}
