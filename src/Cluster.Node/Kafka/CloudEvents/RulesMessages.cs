using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>
/// The <see cref="Topics.Control"/> record of a rule change: binary mode, <c>payments.rules.updated.v1</c>. The key
/// is <see cref="Key"/> for every change (one partition: changes keep their order), the id names the version (a
/// change published again after a crash is recognisable as the same), and the time is when it was accepted.
/// </summary>
public static class RulesMessages
{
    public const string Source = "/akka-payments/control";
    public const string Key = "rules";

    public static Message<string, byte[]> ToMessage(RulesUpdated change)
    {
        var entry = EventCatalog.Of(change);
        return KafkaCloudEventEncoder.Binary(Key, entry.Serialize(change),
            new CloudEventAttributes($"rules-v{change.Version}", entry.Type, Source, change.At));
    }
}
