using Akka.Payments.Node.Planes;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// The ops plane's dead-letter store: every dead letter of <c>payments.dlq</c>, taken once (covered offsets, as the
/// trust plane does), with its status and replay history, and the replay jobs with their progress. Pure: no actor, no
/// clock, no Kafka; <see cref="Apply"/> takes the journal's events, the queries answer from what they built.
/// <list type="bullet">
/// <item>The same rejection dead-lettered twice (one id) is stored once and counted in <see cref="Duplicates"/>.</item>
/// <item>A dead letter of a replayed record (<c>dlq_replay_id</c>) is the replayed dead letter failing again: its
/// attempt is marked so, and it is <c>new</c> again, not a new unknown.</item>
/// <item>A purged dead letter is kept (for the audit) and never replayed.</item>
/// <item>At most <c>maxStored</c> dead letters are kept: beyond it the oldest are forgotten, except those a running
/// replay has still to send, and counted in <see cref="Forgotten"/>. Forgetting happens as events are applied, so a
/// recovery with the same bound forgets the same ones.</item>
/// </list>
/// </summary>
/// <param name="maxStored">The store's bound, <see cref="DeadLetterStoreSettings.MaxStored"/>.</param>
public sealed class OpsState(int maxStored = DeadLetterStoreSettings.DefaultMaxStored)
{
    public const string New = "new";
    public const string Replayed = "replayed";
    public const string Purged = "purged";

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<Entry> _inOrder = [];
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _audit = [];
    private CoveredOffsets _offsets = new();

    /// <summary>Records of <c>payments.dlq</c> that were not dead letters the plane could read.</summary>
    public long Unreadable { get; private set; }

    /// <summary>Records read again below a covered offset (after a failover) and ignored.</summary>
    public long AlreadyCovered { get; private set; }

    /// <summary>Dead letters of a rejection already stored (the stream dead-lettered one record twice).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Dead letters forgotten beyond the bound, oldest first (still on <c>payments.dlq</c>).</summary>
    public long Forgotten { get; private set; }

    public int Count => _entries.Count;

    public IReadOnlyList<PartitionOffset> Offsets => _offsets.ToList();

    public void Apply(IOpsEvent e)
    {
        switch (e)
        {
            case DeadLettersRead read:
                foreach (var record in read.Records) Read(record);
                ForgetBeyondBound();
                break;
            case DeadLettersPurged purged:
                foreach (var id in purged.Ids)
                    if (_entries.TryGetValue(id, out var entry))
                    {
                        entry.Status = Purged;
                        entry.PurgeReason = purged.Reason;
                    }
                break;
            case ReplayScheduled scheduled:
                _jobs[scheduled.JobId] = new Job(new ReplayJob(scheduled.JobId, scheduled.Ids, scheduled.RatePerSecond,
                    scheduled.CorrectedValue, scheduled.By, scheduled.At, 0, null));
                break;
            case ReplayProduced produced:
            {
                var job = _jobs[produced.JobId];
                job.Produced++;
                if (_entries.TryGetValue(produced.Id, out var entry))
                {
                    var attempt = new ReplayAttempt(produced.Attempt, produced.JobId, produced.At, ReplayMessages.IsCorrection(job.Spec.CorrectedValue), null);
                    // Its failing again may have been read first (the record went out just before a crash, and its
                    // production was journaled only when the job resumed): one attempt, not two.
                    var known = entry.Attempts.FindIndex(a => a.JobId == produced.JobId && a.Attempt == produced.Attempt);
                    if (known >= 0) entry.Attempts[known] = attempt with { FailedAgain = entry.Attempts[known].FailedAgain };
                    else entry.Attempts.Add(attempt);
                    if (entry.Status != Purged && entry.Attempts[^1].FailedAgain is null) entry.Status = Replayed;
                }
                break;
            }
            case ReplayEnded ended:
                _jobs[ended.JobId].Ended = ended.Why;
                break;
            case AuditRecorded recorded:
                _audit.Add(recorded.Entry);
                break;
        }
    }

    private void Read(DeadLetterRead record)
    {
        if (!_offsets.TryCover(record.Position))
        {
            AlreadyCovered++;
            return;
        }
        if (record.DeadLetter is not { } deadLetter)
        {
            Unreadable++;
            return;
        }
        if (record.ReplayOf is { } original && _entries.TryGetValue(original, out var replayed))
        {
            var failed = $"{deadLetter.Reason}: {deadLetter.Error}";
            var index = replayed.Attempts.FindLastIndex(a => a.Attempt == record.ReplayAttempt && (record.ReplayJob is null || a.JobId == record.ReplayJob));
            if (index >= 0) replayed.Attempts[index] = replayed.Attempts[index] with { FailedAgain = failed };
            else replayed.Attempts.Add(new ReplayAttempt(record.ReplayAttempt, record.ReplayJob ?? "", deadLetter.FirstSeen, false, failed));
            if (replayed.Status != Purged) replayed.Status = New;
            return;
        }
        if (_entries.ContainsKey(deadLetter.Id))
        {
            Duplicates++;
            return;
        }
        var entry = new Entry(deadLetter);
        _entries[deadLetter.Id] = entry;
        _inOrder.Add(entry);
    }

    /// <summary>Forgets the oldest dead letters until at most the bound are kept, passing over those a running replay
    /// has still to send (its next record must be there to be sent).</summary>
    private void ForgetBeyondBound()
    {
        var excess = _inOrder.Count - maxStored;
        if (excess <= 0) return;
        var pinned = StillToSend();
        // RemoveAll visits the entries oldest first, so the first unpinned ones go.
        Forgotten += _inOrder.RemoveAll(entry =>
        {
            if (excess == 0 || pinned.Contains(entry.DeadLetter.Id)) return false;
            _entries.Remove(entry.DeadLetter.Id);
            excess--;
            return true;
        });
    }

    /// <summary>The ids the running replays have still to send.</summary>
    private HashSet<string> StillToSend() => _jobs.Values.Where(j => j.Ended is null)
        .SelectMany(j => j.Spec.Ids.Skip(j.Produced)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The audit entries at or after <paramref name="since"/>, newest first, at most <paramref name="limit"/>, and
    /// how many there are in all.</summary>
    public (IReadOnlyList<AuditEntry> Entries, int Matching) Audit(DateTimeOffset? since, int limit)
    {
        var matching = _audit.Where(a => since is null || a.At >= since).ToList();
        return (matching.AsEnumerable().Reverse().Take(limit).ToList(), matching.Count);
    }

    public DeadLetterEntry? Get(string id) => _entries.TryGetValue(id, out var entry) ? entry.ToRecord() : null;

    /// <summary>The dead letters that match every filter given, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<DeadLetterEntry> List(DeadLetterFilter filter, int limit) =>
        Matching(filter).Reverse().Take(limit).Select(e => e.ToRecord()).ToList();

    /// <summary>How many dead letters match, for a listing that shows only the newest.</summary>
    public int CountMatching(DeadLetterFilter filter) => Matching(filter).Count();

    private IEnumerable<Entry> Matching(DeadLetterFilter filter) => _inOrder.Where(e =>
        (filter.Reason is null || e.DeadLetter.Reason == filter.Reason)
        && (filter.Since is null || e.DeadLetter.FirstSeen >= filter.Since)
        && (filter.Key is null || e.DeadLetter.Key == filter.Key)
        && (filter.Status is null || e.Status == filter.Status));

    /// <summary>Per reason: how many, first and last seen, and per error an example id.</summary>
    public IReadOnlyList<ReasonStats> Stats() =>
        _inOrder.GroupBy(e => e.DeadLetter.Reason, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ReasonStats(
                g.Key,
                g.Count(),
                g.Count(e => e.Status == New),
                g.Min(e => e.DeadLetter.FirstSeen),
                g.Max(e => e.DeadLetter.FirstSeen),
                g.GroupBy(e => e.DeadLetter.Error, StringComparer.Ordinal)
                    .OrderByDescending(eg => eg.Count()).ThenBy(eg => eg.Key, StringComparer.Ordinal)
                    .Select(eg => new ErrorExample(eg.Key, eg.Count(), eg.First().DeadLetter.Id))
                    .ToList()))
            .ToList();

    /// <summary>
    /// Which of the selected dead letters a replay would send, in the order they arrived, and why the others are
    /// refused: purged, already replayed <paramref name="maxReplays"/> times, truncated without a corrected value
    /// (the stored copy is not the whole original), or in a replay that is still running.
    /// </summary>
    public ReplayPlan PlanReplay(ReplaySelection selection, int maxReplays, bool corrected)
    {
        IEnumerable<Entry> chosen = selection.Ids is { Count: > 0 } ids
            ? ids.Select(id => _entries.GetValueOrDefault(id)).OfType<Entry>()
            : Matching(new DeadLetterFilter(selection.Reason, selection.Since, null, null));
        var running = StillToSend();
        var eligible = new List<string>();
        var refused = new List<RefusedReplay>();
        foreach (var entry in chosen)
        {
            var id = entry.DeadLetter.Id;
            if (entry.Status == Purged) refused.Add(new RefusedReplay(id, "purged"));
            else if (entry.Attempts.Count >= maxReplays) refused.Add(new RefusedReplay(id, $"replayed {entry.Attempts.Count} times already (Ops:MaxReplays is {maxReplays})"));
            else if (entry.DeadLetter.Truncated && !corrected)
                refused.Add(new RefusedReplay(id, $"only a cut copy is stored; the original is at {entry.DeadLetter.Source}: replay it with a corrected value"));
            else if (running.Contains(id)) refused.Add(new RefusedReplay(id, "in a replay that is still running"));
            else eligible.Add(id);
        }
        var unknown = selection.Ids?.Where(id => !_entries.ContainsKey(id)).Select(id => new RefusedReplay(id, Forgotten == 0
            ? "no such dead letter"
            : $"no such dead letter (the store keeps the newest {maxStored:N0}: Payments:Ops:MaxStored)")) ?? [];
        return new ReplayPlan(eligible, [.. refused, .. unknown]);
    }

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<ReplayJob> Jobs => _jobs.Values.Select(j => j.ToRecord()).OrderBy(j => j.At).ThenBy(j => j.JobId, StringComparer.Ordinal).ToList();

    /// <summary>The jobs not ended, oldest first.</summary>
    public IReadOnlyList<ReplayJob> RunningJobs => _jobs.Values.Where(j => j.Ended is null).Select(j => j.ToRecord()).OrderBy(j => j.At).ToList();

    public ReplayJob? JobOf(string jobId) => _jobs.TryGetValue(jobId, out var job) ? job.ToRecord() : null;

    /// <summary>What the next replay of a job sends: the dead letter and its attempt number; null when the job is done.</summary>
    public (StoredDeadLetter DeadLetter, int Attempt)? NextOf(string jobId)
    {
        var job = _jobs[jobId];
        if (job.Produced >= job.Spec.Ids.Count) return null;
        var entry = _entries[job.Spec.Ids[job.Produced]];
        // A record of this job that went out before a crash and already failed again keeps its attempt number.
        var sent = entry.Attempts.FindLast(a => a.JobId == jobId);
        return (entry.DeadLetter, sent?.Attempt ?? entry.Attempts.Count + 1);
    }

    public OpsSnapshot ToSnapshot() => new(
        _inOrder.Select(e => e.ToRecord()).ToList(),
        _jobs.Values.Select(j => j.ToRecord()).OrderBy(j => j.At).ThenBy(j => j.JobId, StringComparer.Ordinal).ToList(),
        _offsets.ToList(),
        Unreadable,
        _audit.ToList(),
        Forgotten);

    /// <summary>The state a snapshot holds; with a lower bound than it was taken with, the oldest beyond it are
    /// forgotten at once.</summary>
    public static OpsState FromSnapshot(OpsSnapshot snapshot, int maxStored = DeadLetterStoreSettings.DefaultMaxStored)
    {
        var state = new OpsState(maxStored)
        {
            Unreadable = snapshot.Unreadable,
            Forgotten = snapshot.Forgotten,
            _offsets = CoveredOffsets.From(snapshot.Offsets),
        };
        foreach (var record in snapshot.DeadLetters)
        {
            var entry = new Entry(record.DeadLetter) { Status = record.Status, PurgeReason = record.PurgeReason };
            entry.Attempts.AddRange(record.Attempts);
            state._entries[record.DeadLetter.Id] = entry;
            state._inOrder.Add(entry);
        }
        state._audit.AddRange(snapshot.Audit ?? []);
        foreach (var job in snapshot.Jobs)
            state._jobs[job.JobId] = new Job(job) { Produced = job.Produced, Ended = job.Ended };
        state.ForgetBeyondBound();
        return state;
    }

    private sealed class Entry(StoredDeadLetter deadLetter)
    {
        public StoredDeadLetter DeadLetter { get; } = deadLetter;
        public string Status { get; set; } = New;
        public string? PurgeReason { get; set; }
        public List<ReplayAttempt> Attempts { get; } = [];
        public DeadLetterEntry ToRecord() => new(DeadLetter, Status, Attempts.ToList(), PurgeReason);
    }

    private sealed class Job(ReplayJob spec)
    {
        public ReplayJob Spec { get; } = spec;
        public int Produced { get; set; }
        public string? Ended { get; set; }
        public ReplayJob ToRecord() => Spec with { Produced = Produced, Ended = Ended };
    }
}

/// <summary>Which dead letters to list: each filter that is set must match.</summary>
public sealed record DeadLetterFilter(string? Reason, DateTimeOffset? Since, string? Key, string? Status);

/// <summary>Which dead letters to replay: these ids, or else those of a reason and/or since a time.</summary>
public sealed record ReplaySelection(IReadOnlyList<string>? Ids, string? Reason, DateTimeOffset? Since);

public sealed record ReplayPlan(IReadOnlyList<string> Eligible, IReadOnlyList<RefusedReplay> Refused);
