using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Tests.Rules;

public sealed class RulesHolderTests
{
    private static PaymentRules Version(long version) => PaymentRules.Default with { Version = version, MaxAmount = 100 + version };

    [Fact]
    public void A_newer_version_replaces_the_current_rules()
    {
        var holder = new RulesHolder(Version(1));
        var next = Version(2);

        Assert.True(holder.TryReplace(next));
        Assert.Same(next, holder.Current);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    public void An_older_or_equal_version_is_ignored(long version)
    {
        var current = Version(5);
        var holder = new RulesHolder(current);

        Assert.False(holder.TryReplace(Version(version)));
        Assert.Same(current, holder.Current);
    }

    [Fact]
    public void Changes_heard_out_of_order_end_on_the_latest()
    {
        var holder = new RulesHolder(Version(1));

        Assert.True(holder.TryReplace(Version(3)));
        Assert.False(holder.TryReplace(Version(2)));
        Assert.True(holder.TryReplace(Version(4)));
        Assert.False(holder.TryReplace(Version(3)));

        Assert.Equal(4, holder.Current.Version);
        Assert.Equal(104, holder.Current.MaxAmount);
    }

    [Fact]
    public void Many_threads_replacing_with_random_versions_end_on_the_highest_and_never_see_a_version_go_back()
    {
        var holder = new RulesHolder(Version(1));
        const int threads = 8;
        const int replacesEach = 20_000;
        var highest = new long[threads];
        var wentBack = 0;
        using var start = new Barrier(threads + 1);

        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            start.SignalAndWait();
            var seen = 0L;
            for (var i = 0; i < replacesEach; i++)
            {
                var version = random.NextInt64(1, 1_000_000);
                highest[t] = Math.Max(highest[t], version);
                holder.TryReplace(Version(version));
                var now = holder.Current;
                if (now.Version < seen || now.MaxAmount != 100 + now.Version) Interlocked.Increment(ref wentBack);
                seen = now.Version;
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        start.SignalAndWait();
        workers.ForEach(w => w.Join());

        Assert.Equal(0, wentBack);
        Assert.Equal(highest.Max(), holder.Current.Version);
        Assert.Equal(100 + highest.Max(), holder.Current.MaxAmount);
    }
}
