using Akka.Payments.Node.Accounts;
using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Node.Tests.Accounts;

/// <summary>The confirmed times against a plain sorted list as the model: same counts, same order, whatever the
/// arrival order and forgetting, in chunks that never reach the large-object heap.</summary>
public sealed class ConfirmedTimesTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 5)]
    [InlineData(3, 40)]
    public void Counts_and_order_match_a_sorted_list_under_late_arrivals_and_forgetting(int seed, int latePercent)
    {
        var random = new Random(seed);
        var times = new ConfirmedTimes();
        var model = new List<long>();
        var now = T0;

        for (var step = 0; step < 60_000; step++)
        {
            now += random.Next(0, 2_000_000); // up to 0.2 s apart, some at the same tick
            var at = random.Next(100) < latePercent ? now - random.NextInt64(0, TimeSpan.TicksPerHour) : now;
            times.Add(at);
            model.Insert(UpperBound(model, at), at);

            if (step % 97 == 0)
            {
                var horizon = now - random.NextInt64(TimeSpan.TicksPerMinute, 20 * TimeSpan.TicksPerMinute);
                times.ForgetUpTo(horizon);
                model.RemoveRange(0, UpperBound(model, horizon));
            }
            if (step % 13 == 0)
            {
                var upTo = now - random.NextInt64(0, 30 * TimeSpan.TicksPerMinute);
                var after = upTo - random.NextInt64(0, 10 * TimeSpan.TicksPerMinute);
                Assert.Equal(UpperBound(model, upTo) - UpperBound(model, after), times.CountIn(after, upTo));
            }
        }

        Assert.Equal(model.Count, times.Count);
        Assert.Equal(model, times.InOrder());
        Assert.Equal(model[^1], times.Latest);
        Assert.InRange(times.Chunks, model.Count / ConfirmedTimes.ChunkLength, 2 * (model.Count / ConfirmedTimes.ChunkLength + 1));
    }

    [Fact]
    public void A_chunk_holds_at_most_thirty_two_kilobytes_of_times_so_none_reaches_the_large_object_heap()
    {
        Assert.True(ConfirmedTimes.ChunkLength * sizeof(long) < 85_000);
        var times = new ConfirmedTimes();
        for (var i = 0; i < 3 * ConfirmedTimes.ChunkLength + 1; i++) times.Add(T0 + i);

        Assert.Equal(4, times.Chunks);
    }

    [Fact]
    public void A_late_time_into_a_full_chunk_splits_it_and_lands_in_order_in_either_half()
    {
        var times = new ConfirmedTimes();
        var model = new List<long>();
        for (var i = 0; i < 3 * ConfirmedTimes.ChunkLength; i++) model.Add(T0 + 2 * i); // three full chunks
        foreach (var t in model) times.Add(t);

        long[] late = [T0 + 2 * (ConfirmedTimes.ChunkLength / 4) + 1, T0 + 2 * (ConfirmedTimes.ChunkLength + 3 * ConfirmedTimes.ChunkLength / 4) + 1];
        foreach (var t in late)
        {
            times.Add(t);
            model.Insert(UpperBound(model, t), t);
        }

        Assert.Equal(5, times.Chunks); // the first two split, each once
        Assert.Equal(model, times.InOrder());
        Assert.Equal(model.Count, times.Count);
        Assert.Equal(2, times.CountIn(late[1] - 1, late[1] + 1));
    }

    [Fact]
    public void Forgetting_every_time_but_the_latest_keeps_one_chunk_and_the_counts()
    {
        var times = new ConfirmedTimes();
        for (var i = 0; i < 10_000; i++) times.Add(T0 + i * TimeSpan.TicksPerSecond);

        times.ForgetUpTo(T0 + 9_998 * TimeSpan.TicksPerSecond);

        Assert.Equal([T0 + 9_999 * TimeSpan.TicksPerSecond], times.InOrder());
        Assert.Equal(1, times.Chunks);
        Assert.Equal(1, times.CountIn(T0, T0 + 10_000 * TimeSpan.TicksPerSecond));
        Assert.Equal(0, times.CountIn(T0 + 9_999 * TimeSpan.TicksPerSecond, T0 + 10_000 * TimeSpan.TicksPerSecond));
    }

    [Fact]
    public void Packed_times_read_back_as_the_same_times_in_three_bytes_each_at_twenty_a_second()
    {
        var times = new ConfirmedTimes();
        for (var i = 0; i < 36_000; i++) times.Add(T0 + i * 50 * TimeSpan.TicksPerMillisecond);

        var packed = times.Pack();
        var back = new ConfirmedTimes();
        var count = PackedTicks.Read(packed, DateTimeOffset.MaxValue.UtcTicks, back.Add);

        Assert.Equal(36_000, count);
        Assert.Equal(times.InOrder(), back.InOrder());
        Assert.InRange(packed.Length, 3 * 36_000, 3 * 36_000 + 16);
    }

    private static int UpperBound(List<long> sorted, long ticks)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= ticks) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
