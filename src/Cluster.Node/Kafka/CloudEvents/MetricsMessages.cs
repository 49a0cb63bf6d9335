using System.Globalization;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>
/// The <see cref="Topics.Metrics"/> record of a window: binary mode; <c>payments.metrics.window.v1</c> for its close,
/// <c>payments.metrics.window.restated.v1</c> for a restatement. The key is the window's start (one window's
/// revisions stay in one partition, in order), the id names window and revision (a record published again after a
/// failover is recognisable as the same), and the time is the window's end.
/// </summary>
public static class MetricsMessages
{
    public const string Source = "/akka-payments/trust";

    public static Message<string, byte[]> ToMessage(MetricsWindow window)
    {
        var start = window.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        var entry = EventCatalog.Of(window);
        return KafkaCloudEventEncoder.Binary(start, entry.Serialize(window),
            new CloudEventAttributes($"window-{start}-r{window.Revision}", entry.Type, Source, window.End));
    }
}
