using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Pipeline;

/// <summary>Counters of what the stream did, for the progress log, the metrics endpoint and readiness. Thread-safe.</summary>
public sealed class StreamMetrics(TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _taken, _confirmed, _declined, _credits, _deadLettered, _decisionFailed, _released;
    private long _commits, _lastCommitTicks, _busySinceTicks;

    /// <summary>Records taken from Kafka whose outcome or dead letter is not decided yet.</summary>
    public long InFlight => Math.Max(0, Interlocked.Read(ref _taken) - Total - Released);

    public long Confirmed => Interlocked.Read(ref _confirmed);
    public long Declined => Interlocked.Read(ref _declined);
    public long CreditsApplied => Interlocked.Read(ref _credits);
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Of <see cref="DeadLettered"/>: records an entity answered with <c>DecisionFailed</c>.</summary>
    public long DecisionFailed => Interlocked.Read(ref _decisionFailed);

    /// <summary>Records dropped undecided because their partition was revoked (the next owner decides them).</summary>
    public long Released => Interlocked.Read(ref _released);

    public long Total => Confirmed + Declined + CreditsApplied + DeadLettered;

    /// <summary>Batches of offsets committed.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// The last time the stream was not behind: its last commit, or the moment it took a record with nothing else
    /// in flight (before that it had nothing to do). Null before either happened.
    /// </summary>
    public DateTimeOffset? LastProgress
    {
        get
        {
            var ticks = Math.Max(Interlocked.Read(ref _lastCommitTicks), Interlocked.Read(ref _busySinceTicks));
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public void RecordTaken()
    {
        if (InFlight == 0) Interlocked.Exchange(ref _busySinceTicks, _clock.GetUtcNow().UtcTicks);
        Interlocked.Increment(ref _taken);
    }

    /// <summary>A new run of the stream starts: what the failed run had in flight will come again from Kafka.</summary>
    public void ForgetInFlight() => Interlocked.Exchange(ref _taken, Total + Released);

    public void RecordOutcome(IOutcomeEvent outcome)
    {
        switch (outcome)
        {
            case PaymentConfirmed: Interlocked.Increment(ref _confirmed); break;
            case PaymentDeclined: Interlocked.Increment(ref _declined); break;
            case CreditApplied: Interlocked.Increment(ref _credits); break;
        }
    }

    public void RecordDeadLetter(string reason)
    {
        if (reason == DeadLetterReasons.DecisionFailed) Interlocked.Increment(ref _decisionFailed);
        Interlocked.Increment(ref _deadLettered);
    }

    public void RecordReleased() => Interlocked.Increment(ref _released);

    public void RecordCommitted()
    {
        Interlocked.Exchange(ref _lastCommitTicks, _clock.GetUtcNow().UtcTicks);
        Interlocked.Increment(ref _commits);
    }

    public override string ToString() =>
        $"confirmed={Confirmed} declined={Declined} credits={CreditsApplied} dead-lettered={DeadLettered} (decision_failed={DecisionFailed})";
}
