using System.Text;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Kafka.CloudEvents;

/// <summary>Kafka records the codec specs build on; the events themselves are in <c>Samples</c>.</summary>
internal static class KafkaSamples
{
    public const string ValidPaymentJson =
        """{"paymentId":"pay-1","accountId":"acc-1","payee":"shop-9","amount":19.90,"currency":"EUR","country":"DE","requestedAt":"2026-11-26T14:00:01.123Z"}""";

    /// <summary>A binary-mode record with the given data; <paramref name="without"/> leaves one header out.</summary>
    public static Message<string, byte[]> BinaryRecord(
        string json, string key = "acc-1", string type = EventTypes.PaymentRequested, string? without = null)
    {
        var headers = new Headers();
        void Add(string name, string value)
        {
            if (name != without) headers.Add(name, Encoding.UTF8.GetBytes(value));
        }
        Add(CloudEventHeaders.SpecVersion, "1.0");
        Add(CloudEventHeaders.Id, "ev-1");
        Add(CloudEventHeaders.Source, "/tests");
        Add(CloudEventHeaders.Type, type);
        Add(CloudEventHeaders.Time, "2026-11-26T14:00:00.123Z");
        Add(CloudEventHeaders.ContentType, "application/json");
        return new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(json), Headers = headers };
    }

    /// <summary><see cref="ValidPaymentJson"/> with one property replaced by raw JSON (or removed when null).</summary>
    public static string PaymentWith(string property, string? rawValue)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(ValidPaymentJson)!.AsObject();
        node.Remove(property);
        if (rawValue is not null) node[property] = System.Text.Json.Nodes.JsonNode.Parse(rawValue);
        return node.ToJsonString();
    }
}
