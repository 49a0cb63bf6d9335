using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>The CloudEvents attributes and data of one record, whichever mode it came in.</summary>
internal ref struct Envelope
{
    public string? Id;
    public string? Source;
    public EventDescriptor? Schema;
    public string? UnknownType;
    public DateTimeOffset? Time;
    public ReadOnlySpan<byte> Data;
}
