using System.Collections.Frozen;
using Akka.Payments.Shared.Serialization;
using Akka.Payments.Shared.Validation;

namespace Akka.Payments.Shared.Events;

/// <summary>
/// Every event type we read or write, once: CloudEvents type, topic, record (through its JSON metadata) and data
/// schema. The Kafka codecs, <see cref="EventDataValidator"/> and <see cref="PaymentsSerializer"/> read this list,
/// and a test checks it against the files in <c>schemas/</c>. A new event type is a record, its
/// <see cref="EventTypes"/> constant and <c>[JsonSerializable]</c> line, one line here, and its schema file.
/// </summary>
public static class EventCatalog
{
    private static readonly PaymentsJsonContext Json = PaymentsJsonContext.Default;

    public static readonly IReadOnlyList<EventDescriptor> All =
    [
        new(EventTypes.AccountCredited, Topics.Requested, Json.AccountCredited,
            new("creditId", FieldKind.Id), new("accountId", FieldKind.Id), new("amount", FieldKind.Amount),
            new("currency", FieldKind.Currency), new("creditedAt", FieldKind.Time)),

        new(EventTypes.PaymentRequested, Topics.Requested, Json.PaymentRequested,
            new("paymentId", FieldKind.Id), new("accountId", FieldKind.Id), new("payee", FieldKind.Id),
            new("amount", FieldKind.Amount), new("currency", FieldKind.Currency), new("country", FieldKind.Country),
            new("requestedAt", FieldKind.Time)),

        new(EventTypes.CreditApplied, Topics.Processed, Json.CreditApplied,
            new("creditId", FieldKind.Id), new("accountId", FieldKind.Id), new("amount", FieldKind.Amount),
            new("currency", FieldKind.Currency), new("balanceAfter", FieldKind.Balance),
            new("requestEventId", FieldKind.Text), new("source", FieldKind.Text), new("processedAt", FieldKind.Time)),

        new(EventTypes.PaymentConfirmed, Topics.Processed, Json.PaymentConfirmed,
            new("paymentId", FieldKind.Id), new("accountId", FieldKind.Id), new("amount", FieldKind.Amount),
            new("currency", FieldKind.Currency), new("balanceAfter", FieldKind.Balance),
            new("rulesVersion", FieldKind.Version), new("requestEventId", FieldKind.Text), new("source", FieldKind.Text),
            new("processedAt", FieldKind.Time)),

        new(EventTypes.PaymentDeclined, Topics.Processed, Json.PaymentDeclined,
            new("paymentId", FieldKind.Id), new("accountId", FieldKind.Id), new("amount", FieldKind.Amount),
            new("currency", FieldKind.Currency), new("reason", FieldKind.DeclineReason),
            new("rulesVersion", FieldKind.Version), new("requestEventId", FieldKind.Text), new("source", FieldKind.Text),
            new("processedAt", FieldKind.Time)),

        new(EventTypes.MetricsWindowClosed, Topics.Metrics, Json.MetricsWindowClosed, MetricsWindowFields(FieldKind.ClosingRevision)),

        new(EventTypes.MetricsWindowRestated, Topics.Metrics, Json.MetricsWindowRestated, MetricsWindowFields(FieldKind.RestatedRevision)),

        new(EventTypes.RulesUpdated, Topics.Control, Json.RulesUpdated,
            new("version", FieldKind.Version), new("key", FieldKind.Text), new("old", FieldKind.RuleText), new("new", FieldKind.RuleText),
            new("by", FieldKind.Text), new("at", FieldKind.Time), new("reason", FieldKind.RuleText)),
        new(EventTypes.ScaleDecided, Topics.Control, Json.ScaleDecided,
            new("id", FieldKind.Id), new("at", FieldKind.Time), new("from", FieldKind.Count), new("to", FieldKind.Count),
            new("reason", FieldKind.ScaleReason), new("by", FieldKind.Text), new("signals", FieldKind.ScaleSignals)),
    ];

    /// <summary>The fields of <see cref="MetricsWindow"/>: both of its events have them, and differ in the revision.</summary>
    private static EventField[] MetricsWindowFields(FieldKind revision) =>
    [
        new("start", FieldKind.Time), new("end", FieldKind.Time), new("revision", revision),
        new("confirmed", FieldKind.CurrencyTotals), new("declined", FieldKind.DeclineCounts),
        new("credits", FieldKind.CurrencyTotals), new("deadLetters", FieldKind.DeadLetterCounts),
        new("latency", FieldKind.Latency), new("quality", FieldKind.Quality),
    ];

    private static readonly EventDescriptor[] InputArray = [.. All.Where(e => e.IsInput)];

    /// <summary>The types accepted on <see cref="Topics.Requested"/>.</summary>
    public static IReadOnlyList<EventDescriptor> Inputs => InputArray;
    private static readonly FrozenDictionary<string, EventDescriptor> ByType = All.ToFrozenDictionary(e => e.Type);
    private static readonly FrozenDictionary<Type, EventDescriptor> ByClrType = All.ToFrozenDictionary(e => e.ClrType);

    /// <summary>The entry of a CloudEvents type, or <c>null</c>.</summary>
    public static EventDescriptor? For(string type) => ByType.GetValueOrDefault(type);

    /// <summary>The entry of a record type, or <c>null</c>.</summary>
    public static EventDescriptor? For(Type clrType) => ByClrType.GetValueOrDefault(clrType);

    /// <summary>The entry of an event; throws when its record is not in the catalog.</summary>
    public static EventDescriptor Of(object @event) =>
        ByClrType.TryGetValue(@event.GetType(), out var entry)
            ? entry
            : throw new ArgumentException($"{@event.GetType()} is not in the event catalog", nameof(@event));

    /// <summary>The input type named by UTF-8 bytes (no string allocated), or <c>null</c>.</summary>
    public static EventDescriptor? InputFor(ReadOnlySpan<byte> utf8Type)
    {
        foreach (var entry in InputArray)
            if (utf8Type.SequenceEqual(entry.Utf8Type)) return entry;
        return null;
    }
}
