using System.Buffers.Binary;
using System.Text;

namespace Akka.Payments.IntegrationTests.Faults.Network;

/// <summary>The partition spec attributes node-2's Kafka and journal traffic by these framers: they must read real
/// layouts, and frames split across reads.</summary>
public sealed class RequestFramersTests
{
    [Fact]
    public void A_flexible_produce_request_as_librdkafka_sends_it_is_named_by_its_topic()
    {
        // Produce v10 as captured from the node: header (key 0, version 10, correlation 3, client id, no tags),
        // no transactional id, acks -1, timeout 30000, one topic with one partition of 5 record bytes.
        var body = new List<byte>();
        body.AddRange([0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x03]);
        AddInt16String(body, "payments-node-vm");
        body.AddRange([0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x75, 0x30, 0x02]);
        body.Add(0x13);
        body.AddRange(Encoding.UTF8.GetBytes("payments.processed"));
        body.AddRange([0x02, 0x00, 0x00, 0x00, 0x01, 0x06, 1, 2, 3, 4, 5, 0x00, 0x00, 0x00]);

        Assert.Equal(new[] { "Produce payments.processed" }, Feed(new KafkaRequestFramer(), Framed(body), splitAt: 7));
    }

    [Fact]
    public void A_classic_produce_request_is_named_by_its_topics_and_other_requests_by_their_api()
    {
        var produce = new List<byte>();
        produce.AddRange([0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01]);
        AddInt16String(produce, "client");
        produce.AddRange([0xFF, 0xFF, 0x00, 0x01, 0x00, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x00, 0x02]);
        foreach (var topic in new[] { "payments.dlq", "payments.processed" })
        {
            AddInt16String(produce, topic);
            produce.AddRange([0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 9, 9]);
        }
        var heartbeat = new List<byte> { 0x00, 0x0C, 0x00, 0x04, 0x00, 0x00, 0x00, 0x02 };
        AddInt16String(heartbeat, "client");

        Assert.Equal(new[] { "Produce payments.dlq,payments.processed", "Heartbeat" },
            Feed(new KafkaRequestFramer(), [.. Framed(produce), .. Framed(heartbeat)], splitAt: 30));
    }

    [Fact]
    public void A_PostgreSQL_session_is_named_by_its_startup_and_its_statements()
    {
        var stream = new List<byte>();
        stream.AddRange([0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F]); // SSLRequest
        stream.AddRange([0, 0, 0, 9, 0x00, 0x03, 0x00, 0x00, 0x00]); // StartupMessage (protocol 3.0, no parameters)
        var parse = Encoding.UTF8.GetBytes("\0INSERT INTO journal\n  (created)\0\0\0");
        stream.Add((byte)'P');
        stream.AddRange(BigEndian(parse.Length + 4));
        stream.AddRange(parse);
        stream.AddRange([(byte)'S', 0, 0, 0, 4]);

        Assert.Equal(new[] { "SSLRequest", "Startup", "INSERT INTO journal (created)", "Sync" }, Feed(new PostgresRequestFramer(), stream, splitAt: 12));
    }

    private static List<string> Feed(IRequestFramer framer, List<byte> bytes, int splitAt)
    {
        var named = new List<string>();
        framer.Feed(bytes.Take(splitAt).ToArray(), named.Add);
        framer.Feed(bytes.Skip(splitAt).ToArray(), named.Add);
        return named;
    }

    private static List<byte> Framed(List<byte> body) => [.. BigEndian(body.Count), .. body];

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static void AddInt16String(List<byte> to, string text)
    {
        to.Add(0);
        to.Add((byte)text.Length);
        to.AddRange(Encoding.UTF8.GetBytes(text));
    }
}
