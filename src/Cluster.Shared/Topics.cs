namespace Akka.Payments.Shared;

/// <summary>Kafka topic names. The record key is the account id on every topic, so one account's events keep their order.</summary>
public static class Topics
{
    /// <summary>Inputs from the outside world: credits and payment requests.</summary>
    public const string Requested = "payments.requested";

    /// <summary>Outcomes decided by the account entities.</summary>
    public const string Processed = "payments.processed";

    /// <summary>Records that could not be decoded or validated: original bytes plus <c>dlq_*</c> headers.</summary>
    public const string DeadLetters = "payments.dlq";

    /// <summary>Closed (and restated) windows of the trust plane's business figures.</summary>
    public const string Metrics = "payments.metrics";

    /// <summary>The control plane's decisions: rule changes and scale decisions.</summary>
    public const string Control = "payments.control";

    /// <summary>The topics the node creates on the embedded Kafka.</summary>
    public static readonly IReadOnlyList<string> Core = [Requested, Processed, DeadLetters, Metrics, Control];
}
