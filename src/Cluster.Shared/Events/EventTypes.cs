namespace Akka.Payments.Shared.Events;

/// <summary>CloudEvents <c>type</c> attribute of every event we read or write.</summary>
public static class EventTypes
{
    public const string AccountCredited = "payments.account.credited.v1";
    public const string PaymentRequested = "payments.payment.requested.v1";
    public const string CreditApplied = "payments.credit.applied.v1";
    public const string PaymentConfirmed = "payments.payment.confirmed.v1";
    public const string PaymentDeclined = "payments.payment.declined.v1";
    public const string MetricsWindowClosed = "payments.metrics.window.v1";
    public const string MetricsWindowRestated = "payments.metrics.window.restated.v1";
    public const string RulesUpdated = "payments.rules.updated.v1";
    public const string ScaleDecided = "payments.scale.decided.v1";
}
