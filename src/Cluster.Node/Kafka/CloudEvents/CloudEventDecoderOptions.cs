using Akka.Payments.Shared.Validation;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>
/// Size limits of <see cref="KafkaCloudEventDecoder"/>; the node binds <see cref="MaxRecordBytes"/> from
/// <c>Payments:Stream:MaxRecordBytes</c>. The other limits of the edge are fixed in <see cref="InputLimits"/>.
/// </summary>
public sealed record CloudEventDecoderOptions
{
    /// <summary>The largest record accepted, key plus value plus headers in bytes; larger ones are <c>oversize</c>.</summary>
    public int MaxRecordBytes { get; init; } = 64 * 1024;

    /// <summary>The largest sum of header name and value bytes; more is <c>oversize</c>.</summary>
    public int MaxHeaderBytes { get; init; } = InputLimits.MaxHeaderBytes;

    /// <summary>The most headers on one record; more is <c>oversize</c>.</summary>
    public int MaxHeaderCount { get; init; } = InputLimits.MaxHeaderCount;

    public static CloudEventDecoderOptions Default { get; } = new();
}
