using System.Text;
using Akka.Actor;
using Akka.Event;
using Akka.Payments.Node.Planes;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;
using Akka.Persistence;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// The ops plane's singleton: a thin persistent shell around <see cref="OpsState"/>.
/// <list type="bullet">
/// <item>Storing: the reading stream sends batches of <c>payments.dlq</c> records (<see cref="StoreDeadLetters"/>);
/// each batch is journaled with its offsets before it is answered, so offsets are committed only for stored dead
/// letters, and after a failover the stream starts where the journal says: each dead letter is stored once.</item>
/// <item>Replaying: a replay is journaled as a job (<see cref="ReplayScheduled"/>), then its records are produced one
/// at a time at the job's rate, each journaled once Kafka acknowledged it (<see cref="ReplayProduced"/>). After a
/// failover the job resumes at the first record not journaled as produced: a record is produced at least once, and
/// its account decides it once.</item>
/// <item>Purging marks dead letters purged (journaled with why and by whom); they are never replayed.</item>
/// </list>
/// </summary>
public sealed class OpsActor : ReceivePersistentActor, IWithTimers
{
    public const string Id = "ops-plane";

    private readonly DeadLetterStoreSettings _settings;
    private readonly OpsPorts _ports;
    private readonly Func<DateTimeOffset> _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private OpsState _state;
    private int _eventsSinceSnapshot;
    private PlaneReading? _reading;
    private TimeSpan _readingBackoff = TimeSpan.FromSeconds(1);
    private bool _producing;
    private readonly System.Diagnostics.Stopwatch _sinceProduceStarted = new();
    private string? _host;
    private readonly NodeReports _reports;

    /// <param name="kafkaIncarnation">Appended to the persistence id for an embedded Kafka (offsets only mean
    /// something within one Kafka), as for the trust plane.</param>
    /// <param name="node">The nodes' settings, for their reports: how often they come and the dead-letter alert's
    /// threshold, which the singleton applies to the cluster's sum.</param>
    public OpsActor(DeadLetterStoreSettings settings, OpsPorts ports, string? kafkaIncarnation = null, Func<DateTimeOffset>? clock = null,
        OpsSettings? node = null)
    {
        PersistenceId = kafkaIncarnation is null ? Id : $"{Id}-{kafkaIncarnation}";
        _settings = settings;
        _state = new OpsState(settings.MaxStored);
        _ports = ports;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        node ??= OpsSettings.Default;
        _reports = new NodeReports(node.ReportEvery, node.DeadLetterAlertPerMinute);

        Recover<SnapshotOffer>(offer => _state = OpsState.FromSnapshot((OpsSnapshot)offer.Snapshot, _settings.MaxStored));
        Recover<IOpsEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("Ops plane recovered at sequence {0}: {1} dead letters, {2} replays running", LastSequenceNr, _state.Count, _state.RunningJobs.Count);
            StartReading();
            ProduceNext();
        });

        Command<StoreDeadLetters>(store =>
        {
            _readingBackoff = TimeSpan.FromSeconds(1);
            var sender = Sender;
            Persist(new DeadLettersRead(store.Records), e =>
            {
                _state.Apply(e);
                sender.Tell(DeadLettersStored.Instance);
                Persisted();
            });
        });

        Command<ListDeadLetters>(q =>
        {
            var filter = new DeadLetterFilter(q.Reason, q.Since, q.Key, q.Status);
            Sender.Tell(new DeadLetterListResponse(Host, _state.CountMatching(filter), _state.List(filter, q.Limit).Select(Summary).ToList()));
        });
        Command<GetDeadLetter>(q => Sender.Tell(_state.Get(q.Id) is { } entry
            ? new DeadLetterResponse(Host, entry, Preview(entry.DeadLetter.Value),
                entry.DeadLetter.Headers.Select(h => new HeaderPreview(h.Key, Preview(h.Value))).ToList())
            : new DeadLetterNotFound(q.Id)));
        Command<GetDeadLetterStats>(_ =>
        {
            var stats = _state.Stats();
            Sender.Tell(new DeadLetterStatsResponse(Host, _state.Count, stats.Sum(s => s.New), _state.Duplicates, _state.Unreadable, stats, _state.Forgotten));
        });
        Command<GetReplayJobs>(_ => Sender.Tell(new ReplayJobsResponse(Host, _state.Jobs.Reverse()
            .Select(j => new ReplayJobView(j.JobId, j.Ids.Count, j.Produced, j.RatePerSecond, ReplayMessages.IsCorrection(j.CorrectedValue), j.By, j.At, j.Ended))
            .ToList())));

        Command<RecordAudit>(record => Persist(new AuditRecorded(record.Entry), e =>
        {
            _state.Apply(e);
            Persisted();
        }));
        Command<GetAudit>(q =>
        {
            var (entries, matching) = _state.Audit(q.Since, q.Limit);
            Sender.Tell(new AuditResponse(Host, matching, entries));
        });
        Command<NodeReport>(Reported);
        Command<GetClusterDeadLetters>(_ => Sender.Tell(_reports.DeadLetters(Host, _clock(), Members())));
        Command<GetClusterHealth>(_ => Sender.Tell(_reports.Health(Host, _clock(), Members())));
        Command<ReplayDeadLetters>(Replay);
        Command<PurgeDeadLetters>(Purge);
        Command<Produced>(produced => Persist(new ReplayProduced(produced.JobId, produced.DeadLetterId, produced.Attempt, _clock()), e =>
        {
            _state.Apply(e);
            _producing = false;
            Persisted();
            // The rate counts from when a record was sent, not from when it was journaled: the acknowledgement and the
            // journal write are part of the interval, not added to it.
            var job = _state.JobOf(produced.JobId)!;
            var wait = TimeSpan.FromSeconds(1 / job.RatePerSecond) - _sinceProduceStarted.Elapsed;
            if (wait > TimeSpan.Zero) Timers.StartSingleTimer("produce", ProduceNow.Instance, wait);
            else ProduceNext();
        }));
        Command<ProduceFailed>(failed =>
        {
            _producing = false;
            _log.Warning("Replay {0}: producing {1} failed ({2}); trying again in 1 s", failed.JobId, failed.DeadLetterId, failed.Error.Message);
            Timers.StartSingleTimer("produce", ProduceNow.Instance, TimeSpan.FromSeconds(1));
        });
        Command<ProduceNow>(_ => ProduceNext());

        Command<ReadingEnded>(ended =>
        {
            if (!ReferenceEquals(ended.Reading, _reading)) return;
            _reading = null;
            _ = ended.Reading.Control.Shutdown();
            _log.Warning("The ops plane's reading stream ended ({0}); reading again from the stored offsets in {1}",
                ended.Error?.Message ?? "completed", _readingBackoff);
            Timers.StartSingleTimer("read", ReadAgain.Instance, _readingBackoff);
            _readingBackoff = TimeSpan.FromTicks(Math.Min(_readingBackoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        });
        Command<ReadAgain>(_ => StartReading());

        Command<SaveSnapshotSuccess>(saved =>
        {
            DeleteMessages(saved.Metadata.SequenceNr);
            if (saved.Metadata.SequenceNr > 1) DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed => _log.Warning("Ops plane snapshot failed: {0}", failed.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning("Deleting the ops plane's old events failed: {0}", failed.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning("Deleting old ops plane snapshots failed: {0}", failed.Cause.Message));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(DeadLetterStoreSettings settings, OpsPorts ports, string? kafkaIncarnation = null, Func<DateTimeOffset>? clock = null,
        OpsSettings? node = null) =>
        Props.Create(() => new OpsActor(settings, ports, kafkaIncarnation, clock, node));

    private string Host => _host ??= ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();

    private IReadOnlyList<ClusterMember> Members() => _ports.Members?.Invoke() ?? [];

    /// <summary>Keeps a node's report (in memory: live figures) and logs when the cluster's dead letters cross the alert.</summary>
    private void Reported(NodeReport report)
    {
        var members = Members();
        _reports.Record(report);
        _reports.Retain(members);
        if (_reports.UpdateAlert(Host, _clock(), members) is not { } sum) return;
        if (sum.Alert)
            _log.Warning(
                "Akka dead letters across the cluster: {0} undelivered messages in the last minute, at or over Payments:Ops:DeadLetterAlertPerMinute ({1}); " +
                "most often {2} to {3}. payctl ops deadletters shows each node",
                sum.LastMinute, sum.AlertPerMinute, sum.TopMessageTypes.FirstOrDefault()?.Name ?? "-", sum.TopRecipients.FirstOrDefault()?.Name ?? "-");
        else
            _log.Info("Akka dead letters across the cluster back under Payments:Ops:DeadLetterAlertPerMinute ({0}): {1} in the last minute",
                sum.AlertPerMinute, sum.LastMinute);
    }

    private void Replay(ReplayDeadLetters command)
    {
        var request = command.Request;
        var rate = request.RatePerSecond > 0 ? request.RatePerSecond : _settings.ReplayRate;
        var plan = _state.PlanReplay(new ReplaySelection(request.Ids, request.Reason, request.Since), _settings.MaxReplays, ReplayMessages.IsCorrection(request.CorrectedValue));
        if (request.DryRun || plan.Eligible.Count == 0)
        {
            Sender.Tell(new ReplayResponse(Host, null, request.DryRun, rate, plan.Eligible, plan.Refused));
            return;
        }
        var jobId = $"replay-{_clock():yyyyMMddHHmmss}-{LastSequenceNr + 1}";
        var sender = Sender;
        Persist(new ReplayScheduled(jobId, plan.Eligible, rate,
            ReplayMessages.IsCorrection(request.CorrectedValue) ? request.CorrectedValue : null, command.By, _clock()), e =>
        {
            _state.Apply(e);
            _log.Info("Replay {0} by {1}: {2} dead letters at {3}/s{4}; {5} refused", jobId, command.By, plan.Eligible.Count, rate,
                ReplayMessages.IsCorrection(request.CorrectedValue) ? " with a corrected value" : "", plan.Refused.Count);
            sender.Tell(new ReplayResponse(Host, jobId, false, rate, plan.Eligible, plan.Refused));
            Persisted();
            ProduceNext();
        });
    }

    private void Purge(PurgeDeadLetters command)
    {
        var request = command.Request;
        var selection = new ReplaySelection(request.Ids, request.Reason, request.Since);
        // What may be purged is what may be selected: every known dead letter not purged already.
        var plan = _state.PlanReplay(selection, int.MaxValue, corrected: true);
        var refused = plan.Refused.Where(r => r.Why != "in a replay that is still running").ToList();
        var purgeable = plan.Eligible.Concat(plan.Refused.Where(r => r.Why == "in a replay that is still running").Select(r => r.Id)).ToList();
        if (purgeable.Count == 0)
        {
            Sender.Tell(new PurgeResponse(Host, [], refused));
            return;
        }
        var sender = Sender;
        Persist(new DeadLettersPurged(purgeable, request.Why, command.By, _clock()), e =>
        {
            _state.Apply(e);
            _log.Info("Purged {0} dead letters by {1}: {2}", purgeable.Count, command.By, request.Why);
            sender.Tell(new PurgeResponse(Host, purgeable, refused));
            Persisted();
        });
    }

    /// <summary>Produces the next record of the oldest running job, one at a time; ends a job once it is done.</summary>
    private void ProduceNext()
    {
        if (_producing || _state.RunningJobs.FirstOrDefault() is not { } job) return;
        if (_state.NextOf(job.JobId) is not { } next)
        {
            Persist(new ReplayEnded(job.JobId, "done", _clock()), e =>
            {
                _state.Apply(e);
                _log.Info("Replay {0} done: {1} records produced", job.JobId, job.Produced);
                Persisted();
                ProduceNext();
            });
            return;
        }
        _producing = true;
        _sinceProduceStarted.Restart();
        var (deadLetter, attempt) = next;
        _ports.Replay(ReplayMessages.For(deadLetter, attempt, job.CorrectedValue, job.JobId)).PipeTo(Self,
            success: () => new Produced(job.JobId, deadLetter.Id, attempt),
            failure: e => new ProduceFailed(job.JobId, deadLetter.Id, e));
    }

    private void Persisted()
    {
        if (++_eventsSinceSnapshot < _settings.SnapshotEvery) return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(_state.ToSnapshot());
    }

    private void StartReading()
    {
        if (_reading is not null) return;
        var offsets = _state.Offsets.ToDictionary(o => (o.Topic, o.Partition), o => o.NextOffset);
        var reading = _ports.StartReading(Self, tp => offsets.TryGetValue((tp.Topic, tp.Partition.Value), out var next) ? next : null);
        _reading = reading;
        reading.Completion.PipeTo(Self, success: () => new ReadingEnded(reading, null), failure: e => new ReadingEnded(reading, e));
    }

    protected override void PostStop()
    {
        _reading?.Control.Shutdown();
        base.PostStop();
    }

    private static DeadLetterSummary Summary(DeadLetterEntry e) => new(
        e.DeadLetter.Id, e.DeadLetter.Reason, e.DeadLetter.Error.Length <= 200 ? e.DeadLetter.Error : e.DeadLetter.Error[..200] + "…",
        e.DeadLetter.Source, e.DeadLetter.Key, e.DeadLetter.FirstSeen, e.Status, e.Attempts.Count, e.DeadLetter.Truncated);

    /// <summary>Bytes as text when they are UTF-8 (control characters escaped), else as hex; at most 2,000 characters.</summary>
    public static string Preview(byte[] bytes)
    {
        const int Max = 2000;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            var escaped = new StringBuilder();
            foreach (var c in text) escaped.Append(char.IsControl(c) && c is not ('\n' or '\t') ? $"\\u{(int)c:x4}" : c);
            text = escaped.ToString();
        }
        catch (DecoderFallbackException)
        {
            text = "hex: " + Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, Max / 2)));
        }
        return text.Length <= Max ? text : text[..Max] + $"… ({bytes.Length} bytes)";
    }

    private sealed record ProduceNow : INoSerializationVerificationNeeded
    {
        public static ProduceNow Instance { get; } = new();
    }

    private sealed record Produced(string JobId, string DeadLetterId, int Attempt) : INoSerializationVerificationNeeded;

    private sealed record ProduceFailed(string JobId, string DeadLetterId, Exception Error) : INoSerializationVerificationNeeded;

    private sealed record ReadingEnded(PlaneReading Reading, Exception? Error) : INoSerializationVerificationNeeded;

    private sealed record ReadAgain : INoSerializationVerificationNeeded
    {
        public static ReadAgain Instance { get; } = new();
    }
}

/// <summary>From the reading stream to the ops actor: store these records (in order); answered with
/// <see cref="DeadLettersStored"/> once they are journaled. Local only.</summary>
public sealed record StoreDeadLetters(IReadOnlyList<DeadLetterRead> Records) : INoSerializationVerificationNeeded;

public sealed record DeadLettersStored : INoSerializationVerificationNeeded
{
    public static DeadLettersStored Instance { get; } = new();
}
