using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>
/// The <see cref="Topics.Control"/> record of a scaling decision: binary mode, <c>payments.scale.decided.v1</c>. The
/// key is <c>scale</c> (every decision in one partition, in order), the id is the decision's (a record published again
/// after a failover is recognisable as the same), the time is the decision's.
/// </summary>
public static class ScaleMessages
{
    public const string Source = "/akka-payments/control/scaler";
    public const string Key = "scale";

    public static Message<string, byte[]> ToMessage(ScaleDecided decided)
    {
        var entry = EventCatalog.Of(decided);
        return KafkaCloudEventEncoder.Binary(Key, entry.Serialize(decided), new CloudEventAttributes(decided.Id, entry.Type, Source, decided.At));
    }
}
