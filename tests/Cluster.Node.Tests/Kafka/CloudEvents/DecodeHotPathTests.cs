using System.Text;
using Akka.Payments.Node.Kafka.CloudEvents;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Kafka.CloudEvents;

/// <summary>Not a benchmark (those live in bench/): a guard that the hot path does not start allocating per field.</summary>
public class DecodeHotPathTests
{
    [Fact]
    public void Decoding_a_valid_binary_record_allocates_little_more_than_the_event_and_its_attributes()
    {
        var decoder = new KafkaCloudEventDecoder();
        var message = KafkaSamples.BinaryRecord(KafkaSamples.ValidPaymentJson);
        for (var i = 0; i < 100; i++) decoder.Decode(message); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) Assert.True(decoder.Decode(message).IsSuccess);
        var perRecord = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;

        Assert.True(perRecord < 1024, $"decode allocated {perRecord} bytes per record");
    }

    [Fact]
    public void A_structured_event_with_escaped_attributes_is_decoded()
    {
        var value = $$"""{"specversion":"1.0","id":"e\u002D1","source":"/s","type":"payments.payment.requested\u002Ev1","time":"2026-11-26T14:00:00\u002B01:00","data":{{KafkaSamples.ValidPaymentJson}}}""";
        var message = new Message<string, byte[]>
        {
            Key = "acc-1",
            Value = Encoding.UTF8.GetBytes(value),
            Headers = new Headers { { "content-type", "application/cloudevents+json"u8.ToArray() } },
        };

        var result = new KafkaCloudEventDecoder().Decode(message);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(("e-1", TimeSpan.FromHours(1)), (result.Input.Id, result.Input.Time!.Value.Offset));
    }
}
