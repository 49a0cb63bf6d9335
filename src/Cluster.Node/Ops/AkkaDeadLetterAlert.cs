namespace Akka.Payments.Node.Ops;

/// <summary>The dead-letter alert went on (<paramref name="On"/>) or off: what the monitor logs once per crossing.</summary>
/// <param name="LastMinute">Undelivered messages of every kind in the last 60 seconds.</param>
/// <param name="Threshold">The threshold crossed (<c>Payments:Ops:DeadLetterAlertPerMinute</c>).</param>
/// <param name="TopMessageType">The most frequent message type since the start, or null before any.</param>
/// <param name="TopRecipient">The most frequent (folded) recipient since the start, or null before any.</param>
public sealed record AkkaDeadLetterAlert(bool On, long LastMinute, int Threshold, string? TopMessageType, string? TopRecipient);
