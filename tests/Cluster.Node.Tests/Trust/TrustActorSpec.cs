using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Payments.Node.Tests.Journal;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Serialization;
using Akka.Payments.Shared.Trust;
using Akka.Payments.Testing;
using static Akka.Payments.Node.Tests.Trust.TrustRecords;

namespace Akka.Payments.Node.Tests.Trust;

/// <summary>
/// The trust singleton's shell against a real SQLite journal and snapshot store (in a file of its own): what it
/// answers, journals, publishes and recovers. Its Kafka is <see cref="TrustPortsProbe"/>; the real reading stream
/// and producer run in the demo and process specs.
/// </summary>
public sealed class TrustActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly TrustRecords _records = new();
    private readonly TrustPortsProbe _kafka = new();
    private DateTimeOffset _now = T0;
    private int _incarnation;
    private TrustSettings _settings = new() { TickInterval = TimeSpan.FromMilliseconds(50), SnapshotEvery = 1000 };

    public TrustActorSpec() : base(Config(), "trust-actor-spec")
    {
    }

    private static Config Config() =>
        ConfigurationFactory.ParseString("akka.actor.serialize-messages = on")
            .WithFallback(PaymentsSerialization.Config)
            .WithFallback(SqliteJournal.Config("trust-actor-spec", $"class = \"{typeof(GroupCommitJournal).AssemblyQualifiedName}\""));

    private DateTimeOffset Clock() => _now;

    private IActorRef StartTrust() =>
        Sys.ActorOf(TrustActor.PropsFor(_settings, _kafka.Ports, "spec", Clock), $"trust-{++_incarnation}");

    private void Stop(IActorRef trust)
    {
        Watch(trust);
        Sys.Stop(trust);
        ExpectTerminated(trust);
    }

    private void Count(IActorRef trust, params TrustInput[] records)
    {
        trust.Tell(new CountRecords(records));
        ExpectMsg<RecordsCounted>();
    }

    private TrustTotalsResponse Totals(IActorRef trust, DateTimeOffset? since = null)
    {
        trust.Tell(new GetTrustTotals(since));
        return ExpectMsg<TrustTotalsResponse>();
    }

    private static string Json(MetricsWindow? window) =>
        window is null ? "null" : System.Text.Json.JsonSerializer.Serialize(window, window.GetType());

    [Fact]
    public void Counted_records_survive_a_restart_and_the_next_reading_starts_after_them()
    {
        var trust = StartTrust();
        var confirmed = _records.Confirmed("p-1", T0.AddSeconds(1), amount: 12.5m);
        Count(trust, confirmed, _records.Declined("p-2", T0.AddSeconds(2)), _records.Credit("c-1", T0.AddSeconds(3), amount: 100m, partition: 3));
        Count(trust, _records.Again(confirmed), _records.DeadLetter("payments.requested/0/9", T0.AddSeconds(4)));
        var before = Totals(trust);
        Stop(trust);

        var restarted = StartTrust();
        var after = Totals(restarted);

        Assert.Equal(Json(before.Figures), Json(after.Figures));
        Assert.Equal(1, after.Figures!.Confirmed["EUR"].Count);
        Assert.Equal(12.5m, after.Figures.Confirmed["EUR"].Amount);
        Assert.Equal(1, after.Figures.Quality.DuplicateOutcomes);
        AwaitAssert(() => Assert.Equal(2, _kafka.Readings));
        Assert.Equal(3, _kafka.StartOf(Topics.Processed, 0));
        Assert.Equal(1, _kafka.StartOf(Topics.Processed, 3));
        Assert.Equal(1, _kafka.StartOf(Topics.DeadLetters, 0));
        Assert.Null(_kafka.StartOf(Topics.Processed, 5)); // never read: from the group's commit
    }

    [Fact]
    public void A_batch_read_again_after_a_crash_is_not_counted_twice()
    {
        var trust = StartTrust();
        var batch = new TrustInput[] { _records.Confirmed("p-1", T0.AddSeconds(1)), _records.Confirmed("p-2", T0.AddSeconds(2)) };
        Count(trust, batch);
        Stop(trust); // the offsets were journaled, but say the commit to Kafka never happened: the batch comes again

        var restarted = StartTrust();
        Count(restarted, batch);

        var totals = Totals(restarted);
        Assert.Equal(2, totals.Figures!.Confirmed["EUR"].Count);
        Assert.Equal(2, totals.AlreadyCovered);
    }

    [Fact]
    public void A_closed_window_is_published_once_and_not_again_after_a_restart()
    {
        var trust = StartTrust();
        Count(trust, _records.Confirmed("p-1", T0.AddSeconds(1)), _records.Confirmed("p-2", T0 + Minute + TimeSpan.FromSeconds(11)));

        AwaitAssert(() => Assert.Single(_kafka.Published));
        var published = Assert.Single(_kafka.Published);
        Assert.IsType<MetricsWindowClosed>(published);
        Assert.Equal(T0, published.Start);
        AwaitAssert(() => Assert.Equal(0, Current(trust).Pending));
        Stop(trust);

        var restarted = StartTrust();
        Assert.Equal(0, Current(restarted).Pending);
        Assert.Single(_kafka.Published);
        restarted.Tell(new GetTrustWindows(10));
        Assert.Equal(T0, Assert.Single(ExpectMsg<TrustWindowsResponse>().Windows).Start);
    }

    [Fact]
    public void A_window_whose_publication_failed_stays_pending_across_a_restart_and_goes_out_once_Kafka_answers()
    {
        _kafka.KafkaDown = true;
        var trust = StartTrust();
        Count(trust, _records.Confirmed("p-1", T0.AddSeconds(1)), _records.Confirmed("p-2", T0 + Minute + TimeSpan.FromSeconds(11)));
        Assert.Equal(1, Current(trust).Pending);
        Stop(trust);

        var restarted = StartTrust();
        Assert.Equal(1, Current(restarted).Pending);
        _kafka.KafkaDown = false;

        AwaitAssert(() => Assert.Equal(0, Current(restarted).Pending));
        var published = Assert.Single(_kafka.Published);
        Assert.Equal(T0, published.Start);
        Assert.Equal(1, published.Confirmed["EUR"].Count);
    }

    [Fact]
    public void A_quiet_system_closes_its_window_by_the_wall_clock_and_a_restart_agrees()
    {
        var trust = StartTrust();
        Count(trust, _records.Confirmed("p-1", T0.AddSeconds(1)));
        _now = T0 + TimeSpan.FromSeconds(5);
        AwaitAssert(() => Assert.Empty(_kafka.Published)); // no record, but not idle long enough

        _now = T0 + Minute + _settings.Lateness + _settings.IdleClose;
        AwaitAssert(() => Assert.Single(_kafka.Published));
        Assert.Equal(T0, Assert.Single(_kafka.Published).Start);
        AwaitAssert(() => Assert.Equal(0, Current(trust).Pending));
        Stop(trust);

        var restarted = StartTrust();
        Assert.Empty(Current(restarted).Open);
        restarted.Tell(new GetTrustWindows(10));
        Assert.Equal(1, Assert.Single(ExpectMsg<TrustWindowsResponse>().Windows).Revision);
        Assert.Single(_kafka.Published);
    }

    [Fact]
    public void Recovery_from_a_snapshot_and_the_events_after_it_gives_the_same_totals()
    {
        _settings = _settings with { SnapshotEvery = 3 };
        var trust = StartTrust();
        for (var i = 0; i < 10; i++)
            Count(trust, _records.Confirmed($"p-{i}", T0.AddSeconds(i), amount: i + 1), _records.Declined($"d-{i}", T0.AddSeconds(i)));
        var before = Totals(trust);
        Stop(trust);

        var restarted = StartTrust();
        var after = Totals(restarted);

        Assert.Equal(Json(before.Figures), Json(after.Figures));
        Assert.Equal(10, after.Figures!.Confirmed["EUR"].Count);
        Assert.Equal(55m, after.Figures.Confirmed["EUR"].Amount);
        Assert.Equal(20, _kafka.StartOf(Topics.Processed, 0));
    }

    [Fact]
    public void An_outcome_counted_before_the_snapshot_it_recovered_from_is_still_known_as_a_duplicate()
    {
        _settings = _settings with { SnapshotEvery = 3 };
        var trust = StartTrust();
        for (var i = 0; i < 10; i++) Count(trust, _records.Confirmed($"p-{i}", T0.AddSeconds(i), amount: i + 1));
        Stop(trust);

        var restarted = StartTrust();
        Count(restarted, _records.Confirmed("p-1", T0.AddSeconds(1), amount: 2)); // redelivered at a later offset
        var after = Totals(restarted);

        Assert.Equal(new CurrencyTotal(10, 55m), after.Figures!.Confirmed["EUR"]);
        Assert.Equal(1, after.Figures.Quality.DuplicateOutcomes);
    }

    [Fact]
    public void A_reading_that_fails_is_started_again_from_the_counted_offsets()
    {
        var trust = StartTrust();
        AwaitAssert(() => Assert.Equal(1, _kafka.Readings));
        Count(trust, _records.Confirmed("p-1", T0.AddSeconds(1)), _records.Confirmed("p-2", T0.AddSeconds(2)));

        _kafka.FailReading();

        AwaitAssert(() => Assert.Equal(2, _kafka.Readings));
        Assert.Equal(2, _kafka.StartOf(Topics.Processed, 0));
    }

    [Fact]
    public void Totals_since_a_time_sum_the_windows_from_there_on()
    {
        var trust = StartTrust();
        Count(trust,
            _records.Confirmed("p-1", T0.AddSeconds(1), amount: 1m),
            _records.Confirmed("p-2", T0 + Minute, amount: 2m),
            _records.Confirmed("p-3", T0 + 2 * Minute, amount: 4m));

        var since = Totals(trust, T0 + Minute);

        Assert.True(since.Complete);
        Assert.Equal(new CurrencyTotal(2, 6m), since.Figures!.Confirmed["EUR"]);
        Assert.Equal(T0 + Minute, since.Figures.Start);
    }

    private TrustCurrentResponse Current(IActorRef trust)
    {
        trust.Tell(new GetTrustCurrent());
        return ExpectMsg<TrustCurrentResponse>();
    }
}
