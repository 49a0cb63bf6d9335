using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Shared.Tests;

public sealed class PackedTicksTests
{
    private static readonly long Max = DateTimeOffset.MaxValue.UtcTicks;
    private static readonly long T0 = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    [Fact]
    public void Times_are_packed_as_their_count_the_first_and_the_steps_between_them()
    {
        var packed = PackedTicks.Pack(3, [1, 130, 130]);

        Assert.Equal([0x03, 0x01, 0x81, 0x01, 0x00], packed); // 3; 1; +129 in two bytes; +0

        var back = new List<long>();
        Assert.Equal(3, PackedTicks.Read(packed, Max, back.Add));
        Assert.Equal([1L, 130, 130], back);
    }

    [Fact]
    public void No_times_pack_as_a_single_zero_and_the_largest_time_round_trips()
    {
        Assert.Equal([0x00], PackedTicks.Pack(0, []));
        Assert.Equal(0, PackedTicks.Read([0x00], Max));

        var back = new List<long>();
        PackedTicks.Read(PackedTicks.Pack(2, [T0, Max]), Max, back.Add);
        Assert.Equal([T0, Max], back);
    }

    [Fact]
    public void Times_out_of_order_or_a_wrong_count_are_refused_when_packing()
    {
        Assert.Throws<ArgumentException>(() => PackedTicks.Pack(2, [T0, T0 - 1]));
        Assert.Throws<ArgumentException>(() => PackedTicks.Pack(1, [-5]));
        Assert.Throws<ArgumentException>(() => PackedTicks.Pack(3, [T0, T0 + 1]));
    }

    public static TheoryData<string, byte[]> Broken() => new()
    {
        { "empty", [] },
        { "the count cut short", [0x80] },
        { "fewer times than counted", [0x02, 0x01] },
        { "a time cut short", [0x01, 0xff] },
        { "a byte after the last time", [0x01, 0x01, 0x00] },
        { "a count larger than the bytes could hold", [0xff, 0xff, 0xff, 0xff, 0x07] },
        { "a number past 64 bits", [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02] },
        { "a number of eleven bytes", [0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00] },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Bytes_that_are_not_packed_times_are_refused_with_the_reason(string why, byte[] bytes)
    {
        var refused = Assert.Throws<FormatException>(() => PackedTicks.Read(bytes, Max));
        Assert.False(string.IsNullOrWhiteSpace(refused.Message), why);
    }

    [Fact]
    public void A_time_beyond_the_largest_allowed_is_refused_even_when_the_steps_add_up_past_it()
    {
        var packed = PackedTicks.Pack(2, [Max - 10, Max]);

        Assert.Throws<FormatException>(() => PackedTicks.Read(packed, Max - 1));
        Assert.Throws<FormatException>(() => PackedTicks.Read(PackedTicks.Pack(1, [long.MaxValue]), Max));
    }
}
