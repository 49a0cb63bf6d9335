namespace Akka.Payments.Shared.Events;

/// <summary>An event on <see cref="Topics.Requested"/>; the Kafka key is its <see cref="AccountId"/>.</summary>
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
