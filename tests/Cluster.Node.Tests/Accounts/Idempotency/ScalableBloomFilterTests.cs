using Akka.Payments.Node.Accounts.Idempotency;
using Akka.Payments.Shared.Accounts;

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

    [Fact]
    public void Stages_stop_growing_at_the_maximum_capacity_and_a_busy_filter_adds_stages_of_that_size()
    {
        var filter = new ScalableBloomFilter();
        for (var i = 0; i < 1_000_000; i++) filter.Add($"p:{i}");

        var stages = filter.ToSnapshot();
        Assert.Equal(ScalableBloomFilter.MaxStageCapacity, stages.Max(s => s.Capacity));
        Assert.Equal([64, 256, 1_024, 4_096, 16_384, 65_536, 262_144, 262_144, 262_144, 262_144], stages.Select(s => s.Capacity));
        Assert.All(stages, s => Assert.True(s.Bits.Length <= 800_000, $"a stage of {s.Bits.Length} bytes"));
    }

    [Fact]
    public void A_sealed_stage_takes_no_more_ids_and_the_next_id_opens_a_new_stage()
    {
        var filter = new ScalableBloomFilter();
        for (var i = 0; i < 10; i++) filter.Add($"p:{i}");
        Assert.Null(filter.NextToSeal(minCapacity: 64, closed: false)); // not full: it may still change

        Assert.Equal(0, filter.NextToSeal(minCapacity: 64, closed: true));
        var frozen = filter.Seal(0, sequenceNr: 3);
        filter.Add("p:later");

        Assert.Equal(2, filter.StageCount);
        Assert.Equal((64, 10), (frozen.Capacity, frozen.Count));
        Assert.Equal((3L, 0), (filter.ToSnapshot()[0].SealedAt!.Value, filter.ToSnapshot()[0].Bits.Length));
        Assert.Equal(frozen.Bits.Length, (int)filter.SizeInBytes - filter.ToSnapshot()[1].Bits.Length);
        Assert.Null(filter.NextToSeal(minCapacity: 64, closed: false));
    }

    [Fact]
    public void A_sealed_stage_is_stored_by_its_place_and_a_restored_filter_says_maybe_until_its_bits_are_loaded()
    {
        var filter = new ScalableBloomFilter();
        for (var i = 0; i < 2_000; i++) filter.Add($"c:{i}");
        Assert.Equal(2, filter.NextToSeal(minCapacity: 1_024, closed: false)); // 64 + 256 + 1,024 ids: the third stage is full
        var journaled = filter.Seal(2, sequenceNr: 17);

        var snapshot = filter.ToSnapshot();
        Assert.Equal((17L, 0), (snapshot[2].SealedAt!.Value, snapshot[2].Bits.Length));
        var restored = ScalableBloomFilter.FromSnapshot(snapshot);
        Assert.Equal([(2, 17L)], restored.Pending);
        Assert.True(restored.MightContain("c:never-added")); // a stage it cannot read yet: never a certain "no"

        restored.Load(2, journaled);
        Assert.Empty(restored.Pending);
        for (var i = 0; i < 10_000; i++) Assert.Equal(filter.MightContain($"c:{i}"), restored.MightContain($"c:{i}"));
        Assert.Equal(filter.Count, restored.Count);
    }

    [Fact]
    public void Bits_of_another_stage_are_refused_and_a_journaled_stage_that_differs_is_not_taken_for_this_one()
    {
        var filter = new ScalableBloomFilter();
        for (var i = 0; i < 2_000; i++) filter.Add($"c:{i}");
        var journaled = filter.Seal(2, sequenceNr: 17);
        var restored = ScalableBloomFilter.FromSnapshot(filter.ToSnapshot());

        Assert.Throws<InvalidDataException>(() => restored.Load(2, journaled with { Count = 1_000 }));
        Assert.Throws<InvalidDataException>(() => restored.Load(2, journaled with { Bits = journaled.Bits[..^8] }));
        Assert.False(restored.Sealed(2, journaled with { Count = 1_000 }, sequenceNr: 18));
        Assert.True(restored.Sealed(2, journaled, sequenceNr: 18));
        Assert.Equal(18L, restored.ToSnapshot()[2].SealedAt);
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
