using Akka.Payments.Node.Trust;

namespace Akka.Payments.Node.Tests.Trust;

public sealed class SegmentedKeyMapTests
{
    private static HashedKey RandomKey(Random random) => new((ulong)random.NextInt64() ^ (ulong)random.Next() << 63, (ulong)random.NextInt64());

    [Fact]
    public void Keys_added_across_many_splits_are_each_found_once_with_their_value()
    {
        var random = new Random(3);
        var map = new SegmentedKeyMap();
        var model = new Dictionary<HashedKey, long>();
        for (var i = 0; i < 60_000; i++)
        {
            var key = RandomKey(random);
            model[key] = i;
            Assert.True(map.TryAdd(key, i));
        }

        foreach (var (key, value) in model)
        {
            Assert.False(map.TryAdd(key, -1));
            Assert.True(map.TryGetValue(key, out var found));
            Assert.Equal(value, found);
        }
        Assert.Equal(model.Count, map.Count);
        Assert.Equal(model.OrderBy(e => e.Key), map.Entries().OrderBy(e => e.Key));
        Assert.False(map.TryGetValue(RandomKey(random), out _));
    }

    [Fact]
    public void Removed_keys_are_gone_and_the_others_stay()
    {
        var random = new Random(5);
        var keys = Enumerable.Range(0, 20_000).Select(_ => RandomKey(random)).Distinct().ToList();
        var map = new SegmentedKeyMap();
        foreach (var key in keys) map.TryAdd(key, 1);

        foreach (var key in keys.Where((_, i) => i % 3 == 0)) Assert.True(map.Remove(key));

        Assert.All(keys.Select((key, i) => (key, i)), k => Assert.Equal(k.i % 3 != 0, map.TryGetValue(k.key, out _)));
        Assert.Equal(keys.Count - (keys.Count + 2) / 3, map.Count);
        Assert.Equal(map.Count, map.Entries().Count());
        Assert.False(map.Remove(keys[0]));
    }

    [Fact]
    public void No_segment_grows_past_the_slots_it_was_created_with_so_none_reaches_the_large_object_heap()
    {
        var random = new Random(7);
        var map = new SegmentedKeyMap();
        for (var i = 0; i < 40_000; i++)
        {
            map.TryAdd(RandomKey(random), i);
            // After every add: a segment that grew and was split at once would leave no trace at the end.
            Assert.Equal(SegmentedKeyMap.SegmentCapacity, map.LargestSegmentSlots);
        }

        // A Dictionary<HashedKey, long> entry is 32 bytes (two hash halves, the value, its hash code and link).
        Assert.True(SegmentedKeyMap.SegmentCapacity * 32 + 64 < 85_000);
    }

    [Fact]
    public void Keys_crafted_to_share_their_leading_bits_are_still_all_kept_once_splitting_stops()
    {
        var random = new Random(9);
        var map = new SegmentedKeyMap();
        var keys = Enumerable.Range(0, 3 * SegmentedKeyMap.SegmentCapacity).Select(_ => new HashedKey(0x5a5a_0000_0000_0000UL | (uint)random.Next(1 << 20), (ulong)random.NextInt64())).Distinct().ToList();

        foreach (var key in keys) Assert.True(map.TryAdd(key, 2));

        Assert.Equal(keys.Count, map.Count);
        Assert.All(keys, key => Assert.True(map.TryGetValue(key, out _)));
        Assert.True(map.LargestSegmentSlots > SegmentedKeyMap.SegmentCapacity);
    }
}
