using Akka.Payments.Bench.Harness;

namespace Akka.Payments.Bench.Tests;

public sealed class SoakResultTests
{
    private static readonly TrialResult Drained = new("ours", "sqlite", 9_000, 100, 100, 1, 1, 5_000, new LatencySummary(1, 2, 2.5, 3), 100, 50, 400, 380, false);

    private static SoakResult Soak(Func<int, double> rss, Func<int, int> backlog) =>
        new(Drained, Enumerable.Range(1, 60).Select(s => new SoakSample(s, rss(s), 9_000 * s, 9_000 * s - backlog(s))).ToList(), TimeSpan.FromSeconds(40));

    [Fact]
    public void Memory_that_stays_flat_while_the_backlog_grows_has_a_slope_of_zero()
    {
        var soak = Soak(_ => 300, s => 1_000 * s);
        Assert.Equal(0, soak.RssSlopeMiBPerMinute, precision: 6);
        Assert.Equal(10_000, soak.BacklogAfterFirstQuarter);
        Assert.Equal(40_000, soak.BacklogAtEndOfLoad);
    }

    [Fact]
    public void Memory_that_grows_one_MiB_a_second_during_the_load_has_a_slope_of_sixty_MiB_a_minute()
    {
        var soak = Soak(s => 200 + s, _ => 0);
        Assert.Equal(60, soak.RssSlopeMiBPerMinute, precision: 6);
        Assert.Equal(210, soak.RssAfterFirstQuarter);
        Assert.Equal(240, soak.RssAtEndOfLoad);
    }

    [Fact]
    public void Samples_taken_while_the_backlog_drains_after_the_load_do_not_count_toward_the_slope()
    {
        var soak = Soak(s => s <= 40 ? 300 : 300 - (s - 40) * 5, _ => 0);
        Assert.Equal(0, soak.RssSlopeMiBPerMinute, precision: 6);
        Assert.Contains("| 60 |", soak.Table());
    }
}
