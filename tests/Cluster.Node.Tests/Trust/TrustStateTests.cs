using Akka.Payments.Shared.Trust;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using static Akka.Payments.Node.Tests.Trust.TrustRecords;

namespace Akka.Payments.Node.Tests.Trust;

public sealed class TrustStateTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly TrustState _state = new();
    private readonly TrustRecords _records = new();

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private MetricsWindow WindowAt(DateTimeOffset start) => Assert.Single(_state.Windows, w => w.Start == start);

    // windowing

    [Fact]
    public void A_record_lands_in_the_window_of_its_processedAt_which_holds_its_start_but_not_its_end()
    {
        _state.Apply(_records.Confirmed("p1", T0));
        _state.Apply(_records.Confirmed("p2", T0 + S(59.9999999)));
        _state.Apply(_records.Confirmed("p3", T0 + Minute));
        _state.Apply(_records.Confirmed("p4", T0 - TimeSpan.FromTicks(1)));

        Assert.Equal([T0 - Minute, T0, T0 + Minute], _state.Windows.Select(w => w.Start));
        Assert.Equal(2, WindowAt(T0).Confirmed["EUR"].Count);
        Assert.Equal(T0 + Minute, WindowAt(T0).End);
        Assert.Equal(1, WindowAt(T0 + Minute).Confirmed["EUR"].Count);
    }

    [Fact]
    public void Windows_are_aligned_to_the_epoch_whatever_the_offset_of_the_time()
    {
        var state = new TrustState(new TrustSettings { Window = TimeSpan.FromMinutes(5) });
        var at = new DateTimeOffset(2026, 11, 26, 14, 7, 30, TimeSpan.FromHours(2)); // 12:07:30 UTC

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 5, 0, TimeSpan.Zero), state.WindowStartOf(at));
        Assert.Equal(new DateTimeOffset(1969, 12, 31, 23, 55, 0, TimeSpan.Zero), state.WindowStartOf(DateTimeOffset.UnixEpoch - S(1)));
    }

    [Fact]
    public void A_window_is_published_once_when_the_watermark_reaches_its_end()
    {
        Assert.Empty(_state.Apply(_records.Confirmed("p1", T0 + S(5))));
        Assert.Empty(_state.Apply(_records.Confirmed("p2", T0 + S(69.9)))); // watermark 59.9 s

        var closed = Assert.Single(_state.Apply(_records.Confirmed("p3", T0 + S(70)))); // watermark 60 s: the end

        Assert.Equal(T0, closed.Start);
        Assert.Equal(1, closed.Revision);
        Assert.False(closed.IsRestatement);
        Assert.Equal(1, closed.Confirmed["EUR"].Count);
        Assert.Empty(_state.Apply(_records.Confirmed("p4", T0 + S(80))));
        Assert.Empty(_state.Tick(T0 + S(80)));
    }

    [Fact]
    public void When_the_watermark_jumps_over_several_windows_they_close_oldest_first()
    {
        var state = new TrustState(new TrustSettings { Lateness = 3 * Minute });
        state.Apply(_records.Confirmed("p1", T0));
        state.Apply(_records.Confirmed("p2", T0 + Minute));
        Assert.Empty(state.Apply(_records.Confirmed("p3", T0 + 2 * Minute)));

        var closed = state.Apply(_records.Confirmed("p4", T0 + 6 * Minute));

        Assert.Equal([T0, T0 + Minute, T0 + 2 * Minute], closed.Select(w => w.Start));
        Assert.All(closed, w => Assert.Equal(1, w.Revision));
    }

    [Fact]
    public void A_window_counts_confirmed_per_currency_declines_per_reason_credits_and_dead_letters_per_reason()
    {
        _state.Apply(_records.Confirmed("p1", T0, 10.50m, "EUR"));
        _state.Apply(_records.Confirmed("p2", T0, 2.25m, "EUR"));
        _state.Apply(_records.Confirmed("p3", T0, 7m, "USD"));
        _state.Apply(_records.Declined("p4", T0, DeclineReasons.InsufficientFunds));
        _state.Apply(_records.Declined("p5", T0, DeclineReasons.InsufficientFunds));
        _state.Apply(_records.Declined("p6", T0, DeclineReasons.VelocityExceeded));
        _state.Apply(_records.Credit("c1", T0, 100m, "EUR"));
        _state.Apply(_records.DeadLetter("payments.requested/0/1", T0, DeadLetterReasons.Undecodable));
        _state.Apply(_records.DeadLetter("payments.requested/0/2", T0, DeadLetterReasons.SchemaViolation));

        var w = WindowAt(T0);
        Assert.Equal(new CurrencyTotal(2, 12.75m), w.Confirmed["EUR"]);
        Assert.Equal(new CurrencyTotal(1, 7m), w.Confirmed["USD"]);
        Assert.Equal(2, w.Declined[DeclineReasons.InsufficientFunds]);
        Assert.Equal(1, w.Declined[DeclineReasons.VelocityExceeded]);
        Assert.Equal(new CurrencyTotal(1, 100m), w.Credits["EUR"]);
        Assert.Equal(1, w.DeadLetters[DeadLetterReasons.Undecodable]);
        Assert.Equal(1, w.DeadLetters[DeadLetterReasons.SchemaViolation]);
        Assert.Equal(7, w.Outcomes);
        Assert.Equal(2.0 / 9, w.Quality.DeadLetterShare, 12);
    }

    // lateness and restatement

    [Fact]
    public void A_record_within_the_lateness_is_counted_in_its_window_before_it_closes_and_is_not_late()
    {
        _state.Apply(_records.Confirmed("p1", T0 + S(30)));
        _state.Apply(_records.Confirmed("p2", T0 + S(65))); // watermark 55 s
        _state.Apply(_records.Confirmed("p3", T0 + S(50)));

        var closed = Assert.Single(_state.Apply(_records.Confirmed("p4", T0 + S(75))));

        Assert.Equal(2, closed.Confirmed["EUR"].Count);
        Assert.Equal(0, closed.Quality.LateRecords);
    }

    [Fact]
    public void A_record_for_a_closed_window_still_counts_and_restates_it_with_the_next_revision_at_the_next_tick()
    {
        _state.Apply(_records.Confirmed("p1", T0 + S(1)));
        _state.Apply(_records.Confirmed("p2", T0 + S(75))); // closes T0 as revision 1

        Assert.Empty(_state.Apply(_records.Confirmed("late1", T0 + S(2), 5m)));
        var second = Assert.Single(_state.Tick(T0 + S(76)));
        Assert.Empty(_state.Apply(_records.Declined("late2", T0 + S(3))));
        var third = Assert.Single(_state.Tick(T0 + S(77)));

        Assert.Equal((T0, 2), (second.Start, second.Revision));
        Assert.True(second.IsRestatement);
        Assert.Equal(new CurrencyTotal(2, 15m), second.Confirmed["EUR"]);
        Assert.Equal(1, second.Quality.LateRecords);
        Assert.Equal((T0, 3), (third.Start, third.Revision));
        Assert.Equal(1, third.Declined[DeclineReasons.InsufficientFunds]);
        Assert.Equal(2, third.Quality.LateRecords);
        Assert.Empty(_state.Tick(T0 + S(78)));
    }

    [Fact]
    public void Several_late_records_between_two_ticks_give_one_restatement()
    {
        _state.Apply(_records.Confirmed("p1", T0 + S(1)));
        _state.Apply(_records.Confirmed("p2", T0 + S(75)));
        for (var i = 0; i < 5; i++) _state.Apply(_records.Confirmed($"late{i}", T0 + S(2)));

        var restated = Assert.Single(_state.Tick(T0 + S(80)));

        Assert.Equal(2, restated.Revision);
        Assert.Equal(6, restated.Confirmed["EUR"].Count);
        Assert.Equal(5, restated.Quality.LateRecords);
    }

    [Fact]
    public void A_first_record_for_a_window_already_behind_the_watermark_publishes_that_window_once_and_counts_as_late()
    {
        _state.Apply(_records.Confirmed("p1", T0 + 3 * Minute));

        var closed = Assert.Single(_state.Apply(_records.Confirmed("old", T0 + S(10))));

        Assert.Equal((T0, 1), (closed.Start, closed.Revision));
        Assert.Equal(1, closed.Quality.LateRecords);
        Assert.Empty(_state.Tick(T0 + 3 * Minute));
    }

    // idle close

    [Fact]
    public void Without_records_for_IdleClose_a_tick_closes_the_windows_that_ended_by_the_wall_clock_minus_the_lateness()
    {
        _state.Apply(_records.Confirmed("p1", T0 + S(30)));
        Assert.Empty(_state.Tick(T0 + S(31))); // records arrived since the last tick: activity
        Assert.Empty(_state.Tick(T0 + S(50))); // quiet for 19 s only
        Assert.Empty(_state.Tick(T0 + S(65))); // quiet for 34 s, but 65 - 10 s has not reached the end yet

        var closed = Assert.Single(_state.Tick(T0 + S(70)));

        Assert.Equal((T0, 1), (closed.Start, closed.Revision));
        Assert.Empty(_state.Tick(T0 + S(200)));
    }

    [Fact]
    public void A_tick_does_not_close_by_the_wall_clock_while_records_keep_arriving()
    {
        _state.Apply(_records.Confirmed("p1", T0 + S(30)));
        Assert.Empty(_state.Tick(T0 + S(31)));
        _state.Apply(_records.Confirmed("p2", T0 + S(32)));

        Assert.Empty(_state.Tick(T0 + 10 * Minute)); // a lagging reader far behind the wall clock: not idle
        Assert.Empty(_state.Tick(T0 + 10 * Minute + S(29)));
        Assert.Single(_state.Tick(T0 + 10 * Minute + S(30)));
    }

    [Fact]
    public void After_an_idle_close_a_record_for_the_closed_window_restates_it()
    {
        _state.Apply(_records.Confirmed("p1", T0 + S(30)));
        _state.Tick(T0 + S(31));
        Assert.Single(_state.Tick(T0 + S(90)));

        _state.Apply(_records.Confirmed("p2", T0 + S(40)));
        var restated = Assert.Single(_state.Tick(T0 + S(91)));

        Assert.Equal((2, 2L, 1L), (restated.Revision, restated.Confirmed["EUR"].Count, restated.Quality.LateRecords));
    }

    // duplicates, offsets, horizon

    [Fact]
    public void A_duplicate_outcome_is_counted_as_a_duplicate_and_not_again_in_the_figures()
    {
        var first = _records.Confirmed("p1", T0, 10m);
        _state.Apply(first);
        _state.Apply(_records.Again(first));
        _state.Apply(_records.Again(first) with { Position = _records.Next(partition: 3) });

        var w = WindowAt(T0);
        Assert.Equal(new CurrencyTotal(1, 10m), w.Confirmed["EUR"]);
        Assert.Equal(2, w.Quality.DuplicateOutcomes);
        Assert.Equal(1, w.Latency.Count);
    }

    [Fact]
    public void A_second_dead_letter_of_the_same_original_record_is_a_duplicate()
    {
        _state.Apply(_records.DeadLetter("payments.requested/0/7", T0));
        _state.Apply(_records.DeadLetter("payments.requested/0/7", T0));
        _state.Apply(_records.DeadLetter("", T0)); // no source: nothing to recognise it by
        _state.Apply(_records.DeadLetter("", T0));

        var w = WindowAt(T0);
        Assert.Equal(3, w.DeadLetters[DeadLetterReasons.Undecodable]);
        Assert.Equal(1, w.Quality.DuplicateDeadLetters);
    }

    [Fact]
    public void A_record_at_or_below_a_covered_offset_is_ignored_as_already_counted()
    {
        _state.Apply(new TrustInput.Outcome(new RecordPosition(Topics.Processed, 0, 5), "ce-a", Sample("a"), null));
        _state.Apply(new TrustInput.Outcome(new RecordPosition(Topics.Processed, 0, 5), "ce-b", Sample("b"), null));
        _state.Apply(new TrustInput.Outcome(new RecordPosition(Topics.Processed, 0, 3), "ce-c", Sample("c"), null));
        _state.Apply(new TrustInput.Outcome(new RecordPosition(Topics.Processed, 1, 0), "ce-d", Sample("d"), null));

        Assert.Equal(2, _state.AlreadyCovered);
        Assert.Equal(6, _state.NextOffset(Topics.Processed, 0));
        Assert.Equal(1, _state.NextOffset(Topics.Processed, 1));
        Assert.Equal(0, _state.NextOffset(Topics.DeadLetters, 0));
        Assert.Equal(2, WindowAt(T0).Confirmed["EUR"].Count);
        Assert.Equal(0, WindowAt(T0).Quality.DuplicateOutcomes);

        static PaymentConfirmed Sample(string id) => new(id, "acc-1", 1m, "EUR", 1m, 1, "in", "s", T0);
    }

    [Fact]
    public void Ids_and_closed_windows_are_forgotten_behind_the_horizon_and_a_record_older_than_it_is_expired()
    {
        var state = new TrustState(new TrustSettings { Horizon = TimeSpan.FromMinutes(3) });
        var first = _records.Confirmed("p1", T0 + S(10));
        state.Apply(first);
        state.Apply(_records.Confirmed("p2", T0 + 3 * Minute)); // horizon starts at T0: window T0 is kept
        Assert.Equal(T0, state.Windows[0].Start);

        state.Apply(_records.Confirmed("p3", T0 + 4 * Minute + S(11))); // horizon starts at T0 + 1:11
        state.Apply(_records.Again(first));

        Assert.DoesNotContain(state.Windows, w => w.Start == T0);
        Assert.Equal(1, state.Expired);
        Assert.Equal(2, state.Windows.Sum(w => w.Confirmed["EUR"].Count));
    }

    [Fact]
    public void The_watermark_and_the_horizon_follow_the_highest_record_time_not_the_latest_record()
    {
        var state = new TrustState(new TrustSettings { Horizon = TimeSpan.FromMinutes(3) });
        state.Apply(_records.Confirmed("p1", T0 + 4 * Minute));
        state.Apply(_records.Confirmed("p2", T0 + Minute + S(30))); // older, but within the horizon: counted

        Assert.Equal(T0 + 4 * Minute - S(10), state.Watermark);
        state.Apply(_records.Confirmed("p3", T0 + S(30))); // 3.5 minutes behind the highest: expired
        Assert.Equal(1, state.Expired);
        Assert.Equal(2, state.Windows.Sum(w => w.Confirmed.GetValueOrDefault("EUR")?.Count ?? 0));
    }

    [Fact]
    public void A_window_dropped_at_the_horizon_with_a_restatement_pending_publishes_it_first()
    {
        var state = new TrustState(new TrustSettings { Horizon = TimeSpan.FromMinutes(3) });
        state.Apply(_records.Confirmed("p1", T0 + S(10)));
        state.Apply(_records.Confirmed("p2", T0 + 2 * Minute));
        state.Apply(_records.Confirmed("late", T0 + S(20)));

        var published = state.Apply(_records.Confirmed("p3", T0 + 5 * Minute));

        var restated = Assert.Single(published, w => w.Start == T0);
        Assert.Equal((2, 2L), (restated.Revision, restated.Confirmed["EUR"].Count));
    }

    [Fact]
    public void Settings_whose_horizon_is_shorter_than_a_window_plus_the_lateness_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new TrustState(new TrustSettings { Horizon = TimeSpan.FromSeconds(69) }));
        _ = new TrustState(new TrustSettings { Horizon = TimeSpan.FromSeconds(70) });
    }

    // latency

    [Fact]
    public void Latency_percentiles_are_in_microseconds_over_the_distinct_outcomes_and_the_max_is_exact()
    {
        for (var ms = 1; ms <= 100; ms++)
            _state.Apply(_records.Confirmed($"p{ms}", T0, latency: TimeSpan.FromMilliseconds(ms) + TimeSpan.FromMicroseconds(3)));
        _state.Apply(_records.Confirmed("p100", T0, latency: TimeSpan.FromHours(1))); // a duplicate id: not recorded

        var latency = WindowAt(T0).Latency;
        Assert.Equal(100, latency.Count);
        AssertNear(50_003, latency.P50Micros);
        AssertNear(95_003, latency.P95Micros);
        AssertNear(99_003, latency.P99Micros);
        Assert.Equal(100_003, latency.MaxMicros);

        static void AssertNear(long exact, long reported) =>
            Assert.InRange(reported, exact, exact + exact / 1000 + 1); // 3 significant digits, never below
    }

    [Fact]
    public void An_outcome_over_the_sla_is_a_miss_and_one_exactly_at_it_is_not()
    {
        _state.Apply(_records.Confirmed("p1", T0, latency: S(2)));
        _state.Apply(_records.Confirmed("p2", T0, latency: S(2) + TimeSpan.FromMilliseconds(1)));
        _state.Apply(_records.Declined("p3", T0, latency: S(10)));
        _state.Apply(_records.Confirmed("p4", T0, latency: TimeSpan.FromHours(5)));

        var latency = WindowAt(T0).Latency;
        Assert.Equal(3, latency.SlaMisses);
        Assert.Equal(5L * 3600 * 1_000_000, latency.MaxMicros); // beyond the histogram's hour, still exact
        Assert.InRange(latency.P99Micros, TrustWindow.HighestTrackableMicros, TrustWindow.HighestTrackableMicros + TrustWindow.HighestTrackableMicros / 1000); // clamped to an hour
    }

    [Fact]
    public void An_outcome_without_an_input_time_counts_without_a_latency_and_a_negative_latency_counts_as_zero()
    {
        _state.Apply(_records.Confirmed("p1", T0) with { InputTime = null });
        _state.Apply(_records.Confirmed("p2", T0, latency: S(-3)));

        var w = WindowAt(T0);
        Assert.Equal(2, w.Confirmed["EUR"].Count);
        Assert.Equal((1L, 0L, 0L), (w.Latency.Count, w.Latency.MaxMicros, w.Latency.SlaMisses));
        Assert.Equal((1L, 1L), (w.Quality.WithoutInputTime, w.Quality.NegativeLatencies));
    }
}
