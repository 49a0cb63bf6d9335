namespace Akka.Payments.Shared.CloudEvents;

/// <summary>Limits of <see cref="KafkaCloudEventDecoder"/>, bound from <c>CloudEvents:</c> (e.g. <c>CloudEvents__MaxRecordBytes</c>).</summary>
public sealed record CloudEventDecoderOptions
{
    /// <summary>The largest record accepted, key plus value in bytes; larger ones are <c>oversize</c>.</summary>
    public int MaxRecordBytes { get; init; } = 64 * 1024;

    public static CloudEventDecoderOptions Default { get; } = new();
}
