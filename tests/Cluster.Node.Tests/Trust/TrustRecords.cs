using Akka.Payments.Shared.Trust;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Tests.Trust;

/// <summary>Builds the records a trust state reads, each at the next offset of its partition.</summary>
public sealed class TrustRecords
{
    /// <summary>The start of a one-minute window.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<(string, int), long> _next = new();

    public RecordPosition Next(string topic = Topics.Processed, int partition = 0)
    {
        var offset = _next.GetValueOrDefault((topic, partition));
        _next[(topic, partition)] = offset + 1;
        return new RecordPosition(topic, partition, offset);
    }

    public TrustInput.Outcome Confirmed(string id, DateTimeOffset processedAt, decimal amount = 10m, string currency = "EUR",
        TimeSpan? latency = null, int partition = 0) =>
        new(Next(partition: partition), $"ce-{id}",
            new PaymentConfirmed(id, "acc-1", amount, currency, 100m, 1, $"in-{id}", "payments.requested/0/0", processedAt),
            processedAt - (latency ?? TimeSpan.FromMilliseconds(5)));

    public TrustInput.Outcome Declined(string id, DateTimeOffset processedAt, string reason = DeclineReasons.InsufficientFunds,
        TimeSpan? latency = null, int partition = 0) =>
        new(Next(partition: partition), $"ce-{id}",
            new PaymentDeclined(id, "acc-1", 10m, "EUR", reason, 1, $"in-{id}", "payments.requested/0/0", processedAt),
            processedAt - (latency ?? TimeSpan.FromMilliseconds(5)));

    public TrustInput.Outcome Credit(string id, DateTimeOffset processedAt, decimal amount = 10m, string currency = "EUR", int partition = 0) =>
        new(Next(partition: partition), $"ce-{id}",
            new CreditApplied(id, "acc-1", amount, currency, 100m, $"in-{id}", "payments.requested/0/0", processedAt),
            processedAt - TimeSpan.FromMilliseconds(5));

    public TrustInput.DeadLetter DeadLetter(string source, DateTimeOffset at, string reason = DeadLetterReasons.Undecodable) =>
        new(Next(Topics.DeadLetters), reason, at, source);

    /// <summary>The same record read again under a new offset (a re-emitted outcome).</summary>
    public TrustInput.Outcome Again(TrustInput.Outcome outcome) => outcome with { Position = Next(partition: outcome.Position.Partition) };
}
