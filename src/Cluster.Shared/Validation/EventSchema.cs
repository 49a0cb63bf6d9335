using System.Text;
using System.Text.Json.Serialization.Metadata;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Validation;

/// <summary>What a field of event data must look like; mirrors the keywords in <c>schemas/*.json</c>.</summary>
public enum FieldKind
{
    /// <summary>A string of 1–64 characters.</summary>
    Id,
    /// <summary>A JSON number greater than 0 with at most 2 decimals.</summary>
    Amount,
    /// <summary>A JSON number of at least 0 with at most 2 decimals.</summary>
    Balance,
    /// <summary>Three upper-case letters A–Z.</summary>
    Currency,
    /// <summary>Two upper-case letters A–Z.</summary>
    Country,
    /// <summary>An RFC 3339 date-time string.</summary>
    Time,
    /// <summary>A non-empty string.</summary>
    Text,
    /// <summary>A JSON integer of at least 0.</summary>
    Version,
    /// <summary>One of <see cref="DeclineReasons"/>.</summary>
    DeclineReason,
}

/// <summary>One required field: its camelCase JSON name and its kind.</summary>
public sealed class EventField(string name, FieldKind kind)
{
    public string Name { get; } = name;
    public FieldKind Kind { get; } = kind;
    internal byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(name);
}

/// <summary>
/// The data schema of one CloudEvents type, as code: every field is required, unknown extra fields are allowed.
/// The tests check that each one agrees with its file in <c>schemas/</c>.
/// </summary>
public sealed class EventSchema
{
    private EventSchema(string type, JsonTypeInfo typeInfo, bool isInput, params EventField[] fields)
    {
        Type = type;
        Utf8Type = Encoding.UTF8.GetBytes(type);
        TypeInfo = typeInfo;
        IsInput = isInput;
        Fields = fields;
    }

    public string Type { get; }
    internal byte[] Utf8Type { get; }
    public JsonTypeInfo TypeInfo { get; }

    /// <summary>True for the types accepted on <see cref="Topics.Requested"/>.</summary>
    public bool IsInput { get; }

    public IReadOnlyList<EventField> Fields { get; }

    private static readonly PaymentsJsonContext Json = PaymentsJsonContext.Default;

    public static readonly EventSchema AccountCredited = new(EventTypes.AccountCredited, Json.AccountCredited, true,
        new("creditId", FieldKind.Id), new("accountId", FieldKind.Id), new("amount", FieldKind.Amount),
        new("currency", FieldKind.Currency), new("creditedAt", FieldKind.Time));

    public static readonly EventSchema PaymentRequested = new(EventTypes.PaymentRequested, Json.PaymentRequested, true,
        new("paymentId", FieldKind.Id), new("accountId", FieldKind.Id), new("payee", FieldKind.Id),
        new("amount", FieldKind.Amount), new("currency", FieldKind.Currency), new("country", FieldKind.Country),
        new("requestedAt", FieldKind.Time));

    public static readonly EventSchema CreditApplied = new(EventTypes.CreditApplied, Json.CreditApplied, false,
        new("creditId", FieldKind.Id), new("accountId", FieldKind.Id), new("amount", FieldKind.Amount),
        new("currency", FieldKind.Currency), new("balanceAfter", FieldKind.Balance),
        new("requestEventId", FieldKind.Text), new("source", FieldKind.Text), new("processedAt", FieldKind.Time));

    public static readonly EventSchema PaymentConfirmed = new(EventTypes.PaymentConfirmed, Json.PaymentConfirmed, false,
        new("paymentId", FieldKind.Id), new("accountId", FieldKind.Id), new("amount", FieldKind.Amount),
        new("currency", FieldKind.Currency), new("balanceAfter", FieldKind.Balance),
        new("rulesVersion", FieldKind.Version), new("requestEventId", FieldKind.Text), new("source", FieldKind.Text),
        new("processedAt", FieldKind.Time));

    public static readonly EventSchema PaymentDeclined = new(EventTypes.PaymentDeclined, Json.PaymentDeclined, false,
        new("paymentId", FieldKind.Id), new("accountId", FieldKind.Id), new("amount", FieldKind.Amount),
        new("currency", FieldKind.Currency), new("reason", FieldKind.DeclineReason),
        new("rulesVersion", FieldKind.Version), new("requestEventId", FieldKind.Text), new("source", FieldKind.Text),
        new("processedAt", FieldKind.Time));

    public static readonly IReadOnlyList<EventSchema> All =
        [AccountCredited, PaymentRequested, CreditApplied, PaymentConfirmed, PaymentDeclined];

    /// <summary>The schema of an input type given as UTF-8 bytes (no string allocated), or <c>null</c>.</summary>
    internal static EventSchema? InputFor(ReadOnlySpan<byte> utf8Type) =>
        utf8Type.SequenceEqual(PaymentRequested.Utf8Type) ? PaymentRequested
        : utf8Type.SequenceEqual(AccountCredited.Utf8Type) ? AccountCredited
        : null;

    public static EventSchema? For(string type) => All.FirstOrDefault(s => s.Type == type);
}
