using Akka.Actor;
using Akka.Event;
using Akka.Payments.Node.Planes;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Trust;
using Akka.Persistence;

namespace Akka.Payments.Node.Trust;

/// <summary>
/// The trust plane's singleton: a thin persistent shell around <see cref="TrustState"/>.
/// <list type="bullet">
/// <item>Counting: the reading stream sends batches of records (<see cref="CountRecords"/>); each batch is journaled
/// as one <see cref="TrustRecordsCounted"/> and applied in its persist handler, and only then answered, so the stream
/// commits offsets to Kafka only for records whose counts are durable. The records carry their offsets, and the state
/// ignores a record below a partition's covered offset: after a failover the stream starts each partition where the
/// recovered state says, and a record read twice is never counted twice.</item>
/// <item>The clock: a timer ticks; a tick that changes the state (<see cref="TrustState.TickChanges"/>) is journaled
/// (<see cref="TrustTicked"/>), one that does not is skipped. Replay therefore gives back the same state.</item>
/// <item>Publishing: closed and restated windows go into an outbox that is part of the state; they are produced to
/// <c>payments.metrics</c> in order, and their delivery is journaled (<see cref="TrustWindowsDelivered"/>). A window
/// whose delivery was not journaled before a crash is produced again after recovery, with the same id.</item>
/// <item>Snapshots every <see cref="TrustSettings.SnapshotEvery"/> events; the events before a saved snapshot are
/// deleted.</item>
/// </list>
/// </summary>
public sealed class TrustActor : ReceivePersistentActor, IWithTimers
{
    public const string Id = "trust-plane";

    private readonly TrustSettings _settings;
    private readonly TrustPorts _ports;
    private readonly Func<DateTimeOffset> _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<PendingWindow> _outbox = [];
    private TrustState _state;
    private long _nextSequence = 1;
    private int _eventsSinceSnapshot;
    private bool _publishing;
    private PlaneReading? _reading;
    private TimeSpan _readingBackoff;
    private string? _host;

    /// <param name="kafkaIncarnation">Appended to the persistence id when the Kafka read is not the configured one
    /// (see <see cref="Kafka.KafkaEndpoint.Incarnation"/>): offsets only mean something within one Kafka.</param>
    public TrustActor(TrustSettings settings, TrustPorts ports, string? kafkaIncarnation = null, Func<DateTimeOffset>? clock = null)
    {
        PersistenceId = kafkaIncarnation is null ? Id : $"{Id}-{kafkaIncarnation}";
        _settings = settings.Validate();
        _ports = ports;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _state = new TrustState(settings);
        _readingBackoff = settings.TickInterval;

        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (TrustPlaneSnapshot)offer.Snapshot;
            _state = TrustState.FromSnapshot(snapshot.State, settings);
            _outbox.Clear();
            _outbox.AddRange(snapshot.Outbox);
            _nextSequence = snapshot.NextSequence;
        });
        Recover<ITrustEvent>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("Trust plane recovered at sequence {0}: {1} windows kept, {2} waiting to be published, offsets {3}",
                LastSequenceNr, _state.Windows.Count, _outbox.Count,
                string.Join(", ", _state.Offsets.Select(o => $"{o.Topic}/{o.Partition}@{o.NextOffset}")));
            Timers.StartPeriodicTimer("tick", Tick.Instance, settings.TickInterval);
            StartReading();
            Publish();
        });

        Command<CountRecords>(count =>
        {
            _readingBackoff = settings.TickInterval; // the stream works: a later failure starts the back-off over
            var sender = Sender;
            Persist(new TrustRecordsCounted(count.Records, _clock()), e =>
            {
                Apply(e);
                sender.Tell(RecordsCounted.Instance);
                Persisted();
            });
        });
        Command<Tick>(_ =>
        {
            var now = _clock();
            if (!_state.TickChanges(now)) return;
            Persist(new TrustTicked(now), e =>
            {
                Apply(e);
                Persisted();
            });
        });
        Command<Published>(published => Persist(new TrustWindowsDelivered(published.Through), e =>
        {
            Apply(e);
            _publishing = false;
            Persisted();
        }));
        Command<PublishFailed>(failed =>
        {
            _publishing = false;
            _log.Warning("Publishing {0} windows to payments.metrics failed ({1}); trying again in {2}",
                _outbox.Count, failed.Error.Message, settings.TickInterval);
            Timers.StartSingleTimer("publish", PublishAgain.Instance, settings.TickInterval);
        });
        Command<PublishAgain>(_ => Publish());
        Command<ReadingEnded>(ended =>
        {
            if (!ReferenceEquals(ended.Reading, _reading)) return;
            _reading = null;
            _ = ended.Reading.Control.Shutdown(); // a failed stream may still hold its consumer
            _log.Warning("The trust plane's reading stream ended ({0}); reading again from the counted offsets in {1}",
                ended.Error?.Message ?? "completed", _readingBackoff);
            Timers.StartSingleTimer("read", ReadAgain.Instance, _readingBackoff);
            _readingBackoff = TimeSpan.FromTicks(Math.Min(_readingBackoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        });
        Command<ReadAgain>(_ => StartReading());

        Command<GetTrustWindows>(q => Sender.Tell(new TrustWindowsResponse(Host, _state.ClosedWindows(q.Last))));
        Command<GetTrustCurrent>(_ => Sender.Tell(new TrustCurrentResponse(Host, _state.Watermark, _state.OpenWindows, _outbox.Count)));
        Command<GetTrustTotals>(q =>
        {
            var (figures, complete) = q.Since is { } since ? _state.TotalsSince(since) : (_state.Totals, true);
            Sender.Tell(new TrustTotalsResponse(Host, q.Since, figures, complete, _state.Expired, _state.AlreadyCovered,
                _state.Unreadable, _state.Offsets));
        });

        Command<SaveSnapshotSuccess>(saved =>
        {
            DeleteMessages(saved.Metadata.SequenceNr);
            if (saved.Metadata.SequenceNr > 1)
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed => _log.Warning("Trust plane snapshot failed: {0}", failed.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning("Deleting the trust plane's old events failed: {0}", failed.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning("Deleting old trust plane snapshots failed: {0}", failed.Cause.Message));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(TrustSettings settings, TrustPorts ports, string? kafkaIncarnation = null, Func<DateTimeOffset>? clock = null) =>
        Props.Create(() => new TrustActor(settings, ports, kafkaIncarnation, clock));

    /// <summary>The node's address (the cluster's self address on a cluster node).</summary>
    private string Host => _host ??= ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();

    private void Apply(ITrustEvent e)
    {
        switch (e)
        {
            case TrustRecordsCounted counted:
                foreach (var record in counted.Records) Enqueue(_state.Apply(record));
                Enqueue(_state.Tick(counted.Now));
                break;
            case TrustTicked ticked:
                Enqueue(_state.Tick(ticked.Now));
                break;
            case TrustWindowsDelivered delivered:
                _outbox.RemoveAll(p => p.Sequence <= delivered.Through);
                break;
        }
    }

    private void Enqueue(IReadOnlyList<MetricsWindow> windows)
    {
        foreach (var window in windows) _outbox.Add(new PendingWindow(_nextSequence++, window));
    }

    /// <summary>After each journaled event: a snapshot when due, then publish what the event closed.</summary>
    private void Persisted()
    {
        if (++_eventsSinceSnapshot >= _settings.SnapshotEvery)
        {
            _eventsSinceSnapshot = 0;
            // Stored bytes built here, with the keys packed straight into them: one array of tens of MB per snapshot
            // at a full horizon, not a packed copy and then the serializer's.
            var withoutKeys = new TrustPlaneSnapshot(_state.ToSnapshotWithoutSeen(), _outbox.ToList(), _nextSequence);
            SaveSnapshot(StoredTrustPlaneSnapshot.Compose(withoutKeys, _state.SeenPackedLength, _state.PackSeenInto));
        }
        Publish();
    }

    /// <summary>Produces the outbox, in order, one batch at a time.</summary>
    private void Publish()
    {
        if (_publishing || _outbox.Count == 0) return;
        _publishing = true;
        var batch = _outbox.ToList();
        foreach (var pending in batch)
            _log.Info("Trust window {0:O}..{1:O} revision {2}: {3} outcomes, {4} dead letters",
                pending.Window.Start, pending.Window.End, pending.Window.Revision, pending.Window.Outcomes, pending.Window.DeadLetterCount);
        _ports.Publish(batch.Select(p => p.Window).ToList()).PipeTo(Self,
            success: () => new Published(batch[^1].Sequence),
            failure: e => new PublishFailed(e));
    }

    private void StartReading()
    {
        if (_reading is not null) return;
        // Where the journal says, not where the consumer group's commit says: the commit may lag the journal.
        var offsets = _state.Offsets.ToDictionary(o => (o.Topic, o.Partition), o => o.NextOffset);
        var reading = _ports.StartReading(Self, tp => offsets.TryGetValue((tp.Topic, tp.Partition.Value), out var next) ? next : null);
        _reading = reading;
        reading.Completion.PipeTo(Self,
            success: () => new ReadingEnded(reading, null),
            failure: e => new ReadingEnded(reading, e));
    }

    protected override void PostStop()
    {
        _reading?.Control.Shutdown();
        base.PostStop();
    }

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record Published(long Through) : INoSerializationVerificationNeeded;

    private sealed record PublishFailed(Exception Error) : INoSerializationVerificationNeeded;

    private sealed record PublishAgain : INoSerializationVerificationNeeded
    {
        public static PublishAgain Instance { get; } = new();
    }

    private sealed record ReadingEnded(PlaneReading Reading, Exception? Error) : INoSerializationVerificationNeeded;

    private sealed record ReadAgain : INoSerializationVerificationNeeded
    {
        public static ReadAgain Instance { get; } = new();
    }
}
