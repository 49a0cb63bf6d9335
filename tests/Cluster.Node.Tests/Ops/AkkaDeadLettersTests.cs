using Akka.Payments.Node.Ops;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Node.Tests.Ops;

public sealed class AkkaDeadLettersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);
    private const string Node = "akka.tcp://payments@node-1:4053";
    private DateTimeOffset _now = T0;

    private AkkaDeadLetters Counts(int alertPerMinute = 60, int maxKeys = 200) => new(alertPerMinute, () => _now, maxKeys);

    private static void CountMany(AkkaDeadLetters counts, int n, AkkaDeadLetterKind kind = AkkaDeadLetterKind.DeadLetter,
        string type = "Some.Message", string recipient = "/user/x")
    {
        for (var i = 0; i < n; i++) counts.Count(kind, type, recipient);
    }

    private static DeadLetterKindFigures Kind(AkkaDeadLetterReport report, string kind) => Assert.Single(report.Kinds, k => k.Kind == kind);

    [Fact]
    public void Each_kind_is_counted_on_its_own_and_every_kind_is_in_the_report_even_at_zero()
    {
        var counts = Counts();
        CountMany(counts, 3, AkkaDeadLetterKind.DeadLetter);
        CountMany(counts, 2, AkkaDeadLetterKind.Unhandled);

        var report = counts.Report(Node);

        Assert.Equal(["dead_letter", "unhandled", "dropped"], report.Kinds.Select(k => k.Kind));
        Assert.Equal(3, Kind(report, "dead_letter").Total);
        Assert.Equal(2, Kind(report, "unhandled").Total);
        Assert.Equal(0, Kind(report, "dropped").Total);
        Assert.Equal(5, report.LastMinute);
        Assert.Equal(Node, report.Node);
        Assert.Equal(T0, report.Since);
        Assert.Equal(2, counts.Total(AkkaDeadLetterKind.Unhandled));
    }

    [Fact]
    public void The_last_minute_holds_the_60_seconds_before_now_and_the_5_minute_rate_is_their_count_over_5()
    {
        var counts = Counts();
        CountMany(counts, 10);                       // at 0 s
        _now = T0.AddSeconds(59);
        CountMany(counts, 5, AkkaDeadLetterKind.Dropped);
        _now = T0.AddSeconds(60);                    // the first 10 are 60 s old: out of the last minute

        var report = counts.Report(Node);
        Assert.Equal(5, report.LastMinute);
        Assert.Equal(0, Kind(report, "dead_letter").LastMinute);
        Assert.Equal(5, Kind(report, "dropped").LastMinute);
        Assert.Equal(3.0, report.PerMinute5);
        Assert.Equal(2.0, Kind(report, "dead_letter").PerMinute5);

        _now = T0.AddSeconds(299);
        Assert.Equal(3.0, counts.Report(Node).PerMinute5);
        _now = T0.AddSeconds(300);
        Assert.Equal(1.0, counts.Report(Node).PerMinute5);
        _now = T0.AddSeconds(359);
        Assert.Equal(0.0, counts.Report(Node).PerMinute5);
        Assert.Equal(15, counts.Report(Node).Kinds.Sum(k => k.Total)); // totals never expire
    }

    [Fact]
    public void A_second_slot_reused_five_minutes_later_starts_from_zero()
    {
        var counts = Counts();
        CountMany(counts, 7);
        _now = T0.AddMinutes(5); // the same slot of the ring
        CountMany(counts, 1);

        Assert.Equal(1, counts.LastMinute());
        Assert.Equal(0.2, counts.Report(Node).PerMinute5);
    }

    [Fact]
    public void Top_types_and_recipients_are_the_ten_most_frequent_most_frequent_first_ties_by_name()
    {
        var counts = Counts();
        for (var i = 1; i <= 12; i++) CountMany(counts, i, type: $"Type{i:00}", recipient: $"/user/r{i:00}");
        CountMany(counts, 12, type: "Type00", recipient: "/user/r00");

        var report = counts.Report(Node);

        Assert.Equal(10, report.TopMessageTypes.Count);
        Assert.Equal(new DeadLetterCount("Type00", 12), report.TopMessageTypes[0]);
        Assert.Equal(new DeadLetterCount("Type12", 12), report.TopMessageTypes[1]);
        Assert.Equal(new DeadLetterCount("Type04", 4), report.TopMessageTypes[^1]);
        Assert.Equal(["/user/r00", "/user/r12"], report.TopRecipients.Take(2).Select(r => r.Name));
    }

    [Fact]
    public void Past_the_bound_new_names_are_counted_as_other_and_known_names_still_count_on_their_own()
    {
        var counts = Counts(maxKeys: 3);
        foreach (var type in new[] { "A", "B", "C", "D", "E", "A" }) counts.Count(AkkaDeadLetterKind.Unhandled, type, "/user/" + type);

        var report = counts.Report(Node);

        Assert.Equal(
            [new DeadLetterCount("(other)", 2), new DeadLetterCount("A", 2), new DeadLetterCount("B", 1), new DeadLetterCount("C", 1)],
            report.TopMessageTypes);
        Assert.Equal(["(other)", "/user/A", "/user/B", "/user/C"], report.TopRecipients.Select(r => r.Name));
        Assert.Equal(6, report.Kinds.Sum(k => k.Total));
    }

    [Theory]
    [InlineData("/system/sharding/account/17/acct-1", "/system/sharding/account/*/*")]
    [InlineData("/system/sharding/account/17", "/system/sharding/account/*")]
    [InlineData("/system/sharding/account", "/system/sharding/account")]
    [InlineData("/system/sharding/account/17/acct-1/child", "/system/sharding/account/*/*/child")]
    [InlineData("/system/sharding/accountCoordinator/singleton/coordinator", "/system/sharding/accountCoordinator/singleton/coordinator")]
    [InlineData("/temp/$a", "/temp/*")]
    [InlineData("/temp/$Xy1+q", "/temp/*")]
    [InlineData("/user/worker/$b", "/user/worker/$*")]
    [InlineData("/user/trust-plane/trust", "/user/trust-plane/trust")]
    [InlineData("/deadLetters", "/deadLetters")]
    [InlineData("akka.tcp://payments@node-2:4053/system/sharding/account/3/acct-9", "akka.tcp://payments@node-2:4053/system/sharding/account/*/*")]
    [InlineData("akka.tcp://payments@node-2:4053/temp/$c", "akka.tcp://payments@node-2:4053/temp/*")]
    [InlineData("akka.tcp://payments@node-2:4053", "akka.tcp://payments@node-2:4053")]
    public void Recipients_of_entities_shards_and_temporary_actors_fold_into_one_path(string path, string folded)
    {
        Assert.Equal(folded, AkkaDeadLetters.FoldPath(path));
    }

    [Fact]
    public void Per_entity_recipients_are_counted_under_their_folded_path()
    {
        var counts = Counts();
        for (var i = 0; i < 50; i++) counts.Count(AkkaDeadLetterKind.DeadLetter, "M", $"/system/sharding/account/{i % 7}/acct-{i}");

        Assert.Equal([new DeadLetterCount("/system/sharding/account/*/*", 50)], counts.Report(Node).TopRecipients);
    }

    [Fact]
    public void A_message_type_is_its_clr_name_with_generic_arguments_short_and_an_envelope_named_by_its_content()
    {
        Assert.Equal("System.String", AkkaDeadLetters.MessageTypeName("text"));
        Assert.Equal("System.Collections.Generic.List<String>", AkkaDeadLetters.MessageTypeName(new List<string>()));
        Assert.Equal("System.Int32", AkkaDeadLetters.MessageTypeName(new Akka.Cluster.Sharding.ShardingEnvelope("acct-1", 5)));
        Assert.Equal("(null)", AkkaDeadLetters.MessageTypeName(null));
    }

    [Fact]
    public void The_alert_goes_on_once_when_the_last_minute_reaches_the_threshold_and_off_once_when_it_falls_below()
    {
        var counts = Counts(alertPerMinute: 10);
        CountMany(counts, 9, type: "Late.Reply", recipient: "/temp/$a");
        Assert.Null(counts.UpdateAlert());
        Assert.False(counts.Report(Node).Alert);

        _now = T0.AddSeconds(30);
        CountMany(counts, 1, type: "Late.Reply", recipient: "/temp/$b");
        var on = counts.UpdateAlert();
        Assert.Equal(new AkkaDeadLetterAlert(true, 10, 10, "Late.Reply", "/temp/*"), on);
        Assert.True(counts.AlertOn);
        Assert.True(counts.Report(Node).Alert);

        CountMany(counts, 20);
        Assert.Null(counts.UpdateAlert()); // still on: no second warning

        _now = T0.AddSeconds(60);           // the first 9 leave the window: 21 remain
        Assert.Null(counts.UpdateAlert());
        _now = T0.AddSeconds(90);           // everything left the window
        var off = counts.UpdateAlert();
        Assert.NotNull(off);
        Assert.False(off.On);
        Assert.Equal(0, off.LastMinute);
        Assert.False(counts.Report(Node).Alert);
        Assert.Null(counts.UpdateAlert());

        CountMany(counts, 10);              // and again, after it fell below
        Assert.True(counts.UpdateAlert()?.On);
    }

    [Fact]
    public void A_threshold_of_zero_never_raises_the_alert()
    {
        var counts = Counts(alertPerMinute: 0);
        CountMany(counts, 1000);

        Assert.Null(counts.UpdateAlert());
        Assert.False(counts.Report(Node).Alert);
        Assert.Equal(0, counts.Report(Node).AlertPerMinute);
    }

    [Fact]
    public void Counting_from_many_threads_loses_nothing()
    {
        var counts = Counts();
        Parallel.For(0, 8, t => CountMany(counts, 1000, (AkkaDeadLetterKind)(t % 3), $"T{t}", $"/user/r{t}"));

        var report = counts.Report(Node);
        Assert.Equal(8000, report.Kinds.Sum(k => k.Total));
        Assert.Equal(8000, report.LastMinute);
        Assert.Equal(8000, report.TopMessageTypes.Sum(t => t.Count));
    }
}
