using Akka.Payments.Node.Trust;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Node.Tests.Trust;

public sealed class SeenRecordsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_key_is_remembered_once_and_a_different_key_is_not_taken_for_it()
    {
        var seen = new SeenRecords();

        Assert.True(seen.Add("evt-1", T0));
        Assert.False(seen.Add("evt-1", T0.AddSeconds(5)));
        Assert.True(seen.Add("evt-2", T0));
        Assert.True(seen.Add("evt-1 ", T0));

        Assert.True(seen.Contains("evt-1"));
        Assert.False(seen.Contains("evt-3"));
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void Keys_are_forgotten_by_the_time_of_their_record_not_by_the_order_they_came_in()
    {
        var seen = new SeenRecords();
        seen.Add("late", T0.AddSeconds(30));
        seen.Add("early", T0.AddSeconds(10));
        seen.Add("middle", T0.AddSeconds(20));

        seen.ForgetBefore(T0.AddSeconds(20));

        Assert.False(seen.Contains("early"));
        Assert.True(seen.Contains("middle"));
        Assert.True(seen.Contains("late"));
        Assert.True(seen.Add("early", T0.AddSeconds(10)));
    }

    [Fact]
    public void A_packed_snapshot_restores_every_key_with_its_time()
    {
        var seen = new SeenRecords();
        var random = new Random(7);
        var keys = Enumerable.Range(0, 5_000).Select(i => ($"outcome-{i}-{random.Next()}", T0.AddMilliseconds(random.Next(600_000)))).ToList();
        foreach (var (key, at) in keys) seen.Add(key, at);

        var restored = SeenRecords.FromSnapshot(seen.ToPacked());

        Assert.Equal(keys.Count, restored.Count);
        Assert.All(keys, k => Assert.True(restored.Contains(k.Item1)));
        var cutoff = T0.AddMinutes(5);
        restored.ForgetBefore(cutoff);
        Assert.All(keys, k => Assert.Equal(k.Item2 >= cutoff, restored.Contains(k.Item1)));
    }

    [Fact]
    public void Equal_sets_pack_to_equal_bytes_whatever_order_they_were_filled_in()
    {
        var keys = Enumerable.Range(0, 300).Select(i => ($"k{i}", T0.AddSeconds(i % 7))).ToList();
        var forward = new SeenRecords();
        var backward = new SeenRecords();
        foreach (var (key, at) in keys) forward.Add(key, at);
        foreach (var (key, at) in Enumerable.Reverse(keys)) backward.Add(key, at);

        Assert.Equal(forward.ToPacked(), backward.ToPacked());
    }

    [Fact]
    public void Packing_takes_twenty_four_bytes_a_key_and_allocates_nothing_but_its_result()
    {
        var seen = new SeenRecords();
        var random = new Random(11);
        for (var i = 0; i < 10_000; i++) seen.Add($"2f1c0d6e-5a41-4b7e-9a0c-{i:D12}", T0.AddMilliseconds(random.Next(600_000)));
        seen.ToPacked(); // the sort's first use initialises its helpers

        var before = GC.GetAllocatedBytesForCurrentThread();
        var packed = seen.ToPacked();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1 + 10_000 * 24, packed.Length);
        // The result and its object header; no array of entries to sort, no second copy.
        Assert.InRange(allocated, packed.Length, packed.Length + 1_024);
    }

    [Fact]
    public void Packing_into_a_place_of_its_length_writes_the_same_bytes_and_allocates_no_array()
    {
        var seen = new SeenRecords();
        for (var i = 0; i < 5_000; i++) seen.Add($"out-{i}", T0.AddMilliseconds(i * 37 % 90_000));
        var destination = new byte[seen.PackedLength + 2];
        seen.PackInto(destination.AsSpan(1, seen.PackedLength)); // the sort's first use initialises its helpers

        var before = GC.GetAllocatedBytesForCurrentThread();
        seen.PackInto(destination.AsSpan(1, seen.PackedLength));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(seen.ToPacked(), destination[1..^1]);
        Assert.InRange(allocated, 0, 1_024); // the walk over the segments' entries, nothing the size of the keys
        Assert.Throws<ArgumentException>(() => seen.PackInto(destination));
    }

    [Fact]
    public void Keys_from_a_snapshot_taken_before_they_were_hashed_are_still_recognised()
    {
        var legacy = new[] { new SeenRecord("evt-1", T0), new SeenRecord("dlq:payments.requested/0/5", T0.AddSeconds(1)) };

        var seen = SeenRecords.FromSnapshot(null, legacy);

        Assert.False(seen.Add("evt-1", T0));
        Assert.False(seen.Add("dlq:payments.requested/0/5", T0.AddSeconds(1)));
        Assert.True(seen.Add("evt-2", T0));
    }

    [Theory]
    [InlineData(new byte[] { 3 })]
    [InlineData(new byte[] { 0, 1, 2 })]
    [InlineData(new byte[] { 2, 1, 2, 3 })]
    [InlineData(new byte[] { 1, 5, 1, 2, 3 })]
    [InlineData(new byte[] { 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80 })]
    public void A_damaged_packed_snapshot_is_refused_rather_than_half_read(byte[] packed)
    {
        Assert.Throws<FormatException>(() => SeenRecords.FromSnapshot(packed));
    }

    private static readonly DateTimeOffset FixtureTime = new(2026, 11, 26, 14, 0, 0, 123, TimeSpan.Zero);
    private static byte[] Sha16(string key) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))[..16];

    [Fact]
    public void The_packing_is_the_stored_format_of_trust_snapshot_v3_byte_for_byte()
    {
        // Written out independently: version 2, then oldest first the time in UTC ticks (8 bytes, little-endian) and
        // SHA-256(id)[..16]. Changing any of it needs a new snapshot manifest (the v3 journal fixture holds these bytes).
        var seen = new SeenRecords();
        seen.Add("dlq:payments.requested/2/77", FixtureTime.AddSeconds(3));
        seen.Add("out-1", FixtureTime);

        byte[] expected =
        [
            2,
            .. BitConverter.GetBytes(FixtureTime.UtcTicks), .. Sha16("out-1"),
            .. BitConverter.GetBytes(FixtureTime.AddSeconds(3).UtcTicks), .. Sha16("dlq:payments.requested/2/77"),
        ];
        Assert.Equal(expected, seen.ToPacked());
        Assert.Equal([0xb0, 0x34, 0xb0, 0x8f, 0xc5, 0x4b, 0xdf, 0x08], BitConverter.GetBytes(FixtureTime.UtcTicks));
    }

    [Fact]
    public void Keys_packed_as_trust_snapshot_v2_stored_them_are_still_read_with_their_times()
    {
        // The first packing, written out independently: version 1, then oldest first a varint tick delta and
        // SHA-256(id)[..16] (the v2 journal fixture holds these bytes).
        byte[] v1 =
        [
            1,
            .. Varint((ulong)FixtureTime.UtcTicks), .. Sha16("out-1"),
            .. Varint(30_000_000), .. Sha16("dlq:payments.requested/2/77"),
        ];
        Assert.Equal([0xb0, 0xe9, 0xc0, 0xfd, 0xd8, 0xf8, 0xd2, 0xef, 0x08], Varint((ulong)FixtureTime.UtcTicks));

        var seen = SeenRecords.FromSnapshot(v1);

        Assert.Equal(2, seen.Count);
        Assert.True(seen.Contains("out-1"));
        Assert.True(seen.Contains("dlq:payments.requested/2/77"));
        seen.ForgetBefore(FixtureTime.AddSeconds(1));
        Assert.False(seen.Contains("out-1"));
        Assert.True(seen.Contains("dlq:payments.requested/2/77"));
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        for (; value >= 0x80; value >>= 7) bytes.Add((byte)(value & 0x7F | 0x80));
        bytes.Add((byte)value);
        return bytes.ToArray();
    }
}
