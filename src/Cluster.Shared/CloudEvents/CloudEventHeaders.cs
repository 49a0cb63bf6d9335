namespace Akka.Payments.Shared.CloudEvents;

/// <summary>Kafka header names of the CloudEvents Kafka protocol binding (binary mode puts attributes in <c>ce_*</c>).</summary>
public static class CloudEventHeaders
{
    public const string SpecVersion = "ce_specversion";
    public const string Id = "ce_id";
    public const string Source = "ce_source";
    public const string Type = "ce_type";
    public const string Time = "ce_time";
    public const string ContentType = "content-type";

    /// <summary>Our CloudEvents extension on outcomes: when the input happened (the input's <c>ce_time</c>, else its
    /// <c>requestedAt</c> or <c>creditedAt</c>), RFC 3339. The trust plane measures end-to-end latency with it.</summary>
    public const string InputTime = "ce_inputtime";

    public const string SpecVersionValue = "1.0";
    public const string JsonContentType = "application/json";
    public const string StructuredJsonContentType = "application/cloudevents+json";
}
