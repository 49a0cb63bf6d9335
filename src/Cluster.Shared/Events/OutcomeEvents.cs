using System.Text.Json.Serialization;

namespace Akka.Payments.Shared.Events;

/// <summary>An event on <see cref="Topics.Processed"/>: what an account decided about one input event.</summary>
/// <remarks>The discriminator is only written where the declared type is this interface (inside Akka messages),
/// never on Kafka, where the CloudEvents <c>type</c> says what the data is.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(CreditApplied), EventTypes.CreditApplied)]
[JsonDerivedType(typeof(PaymentConfirmed), EventTypes.PaymentConfirmed)]
[JsonDerivedType(typeof(PaymentDeclined), EventTypes.PaymentDeclined)]
public interface IOutcomeEvent
{
    string AccountId { get; }

    /// <summary>The payment id or credit id this outcome answers.</summary>
    string RequestId { get; }

    /// <summary>The CloudEvents <c>id</c> of the input event.</summary>
    string RequestEventId { get; }

    /// <summary><c>topic/partition/offset</c> of the input record.</summary>
    string Source { get; }

    DateTimeOffset ProcessedAt { get; }
}

/// <summary><c>payments.credit.applied.v1</c>.</summary>
public sealed record CreditApplied(
    string CreditId,
    string AccountId,
    decimal Amount,
    string Currency,
    decimal BalanceAfter,
    string RequestEventId,
    string Source,
    DateTimeOffset ProcessedAt) : IOutcomeEvent
{
    string IOutcomeEvent.RequestId => CreditId;
}

/// <summary><c>payments.payment.confirmed.v1</c>.</summary>
public sealed record PaymentConfirmed(
    string PaymentId,
    string AccountId,
    decimal Amount,
    string Currency,
    decimal BalanceAfter,
    long RulesVersion,
    string RequestEventId,
    string Source,
    DateTimeOffset ProcessedAt) : IOutcomeEvent
{
    string IOutcomeEvent.RequestId => PaymentId;
}

/// <summary><c>payments.payment.declined.v1</c>; <see cref="Reason"/> is one of <see cref="DeclineReasons"/>.</summary>
public sealed record PaymentDeclined(
    string PaymentId,
    string AccountId,
    decimal Amount,
    string Currency,
    string Reason,
    long RulesVersion,
    string RequestEventId,
    string Source,
    DateTimeOffset ProcessedAt) : IOutcomeEvent
{
    string IOutcomeEvent.RequestId => PaymentId;
}
