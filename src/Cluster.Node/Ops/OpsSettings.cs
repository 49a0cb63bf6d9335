namespace Akka.Payments.Node.Ops;

/// <summary>What a node watches of its own health for the ops plane (<c>Payments:Ops:*</c>).</summary>
public sealed record OpsSettings
{
    public static OpsSettings Default { get; } = new();

    /// <summary>Undelivered Akka messages (dead letters, unhandled, dropped) in the last minute at which the node logs a
    /// warning and sets <c>payments_akka_dead_letters_alert</c> to 1, until the rate falls below it again
    /// (<c>DeadLetterAlertPerMinute</c>; 0: never).</summary>
    public int DeadLetterAlertPerMinute { get; init; } = 60;

    /// <summary>How often the node reports its readiness and its dead-letter counts to the ops singleton
    /// (<c>ReportEvery</c>); a report older than three of these makes the node not ready in <c>payctl ops health</c>.</summary>
    public TimeSpan ReportEvery { get; init; } = TimeSpan.FromSeconds(5);
}
