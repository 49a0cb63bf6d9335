using System.Text.Json.Serialization;

namespace Akka.Payments.Shared.Events;

/// <summary>An event on <see cref="Topics.Requested"/>; the Kafka key is its <see cref="AccountId"/>.</summary>
/// <remarks>The discriminator is only written where the declared type is this interface (inside Akka messages),
/// never on Kafka, where the CloudEvents <c>type</c> says what the data is.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(AccountCredited), EventTypes.AccountCredited)]
[JsonDerivedType(typeof(PaymentRequested), EventTypes.PaymentRequested)]
public interface IInputEvent
{
    string AccountId { get; }

    /// <summary>The payment id or credit id: what makes a redelivery recognisable as the same request.</summary>
    string RequestId { get; }
}

/// <summary><c>payments.account.credited.v1</c>: money arrives on an account.</summary>
public sealed record AccountCredited(
    string CreditId,
    string AccountId,
    decimal Amount,
    string Currency,
    DateTimeOffset CreditedAt) : IInputEvent
{
    string IInputEvent.RequestId => CreditId;
}

/// <summary><c>payments.payment.requested.v1</c>: the account holder asks to pay <see cref="Payee"/>.</summary>
public sealed record PaymentRequested(
    string PaymentId,
    string AccountId,
    string Payee,
    decimal Amount,
    string Currency,
    string Country,
    DateTimeOffset RequestedAt) : IInputEvent
{
    string IInputEvent.RequestId => PaymentId;
}
