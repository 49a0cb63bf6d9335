using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Pipeline;

/// <summary>Counters of what the stream did, for the progress log and the metrics endpoint. Thread-safe.</summary>
public sealed class StreamMetrics
{
    private long _taken, _confirmed, _declined, _credits, _deadLettered;

    /// <summary>Records taken from Kafka whose outcome or dead letter is not decided yet.</summary>
    public long InFlight => Math.Max(0, Interlocked.Read(ref _taken) - Total);

    public long Confirmed => Interlocked.Read(ref _confirmed);
    public long Declined => Interlocked.Read(ref _declined);
    public long CreditsApplied => Interlocked.Read(ref _credits);
    public long DeadLettered => Interlocked.Read(ref _deadLettered);
    public long Total => Confirmed + Declined + CreditsApplied + DeadLettered;

    public void RecordTaken() => Interlocked.Increment(ref _taken);

    /// <summary>A new run of the stream starts: what the failed run had in flight will come again from Kafka.</summary>
    public void ForgetInFlight() => Interlocked.Exchange(ref _taken, Total);

    public void RecordOutcome(IOutcomeEvent outcome)
    {
        switch (outcome)
        {
            case PaymentConfirmed: Interlocked.Increment(ref _confirmed); break;
            case PaymentDeclined: Interlocked.Increment(ref _declined); break;
            case CreditApplied: Interlocked.Increment(ref _credits); break;
        }
    }

    public void RecordDeadLetter(string reason) => Interlocked.Increment(ref _deadLettered);

    public override string ToString() =>
        $"confirmed={Confirmed} declined={Declined} credits={CreditsApplied} dead-lettered={DeadLettered}";
}
