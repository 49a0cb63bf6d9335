using System.Buffers.Binary;
using System.Text;

namespace Akka.Payments.IntegrationTests.Faults.Network;

/// <summary>Splits one connection's client-to-server bytes into its protocol's requests and names each one.</summary>
public interface IRequestFramer
{
    void Feed(ReadOnlyMemory<byte> data, Action<string> request);
}

/// <summary>
/// Kafka's request framing (a 4-byte big-endian size, then api key, api version, correlation id, client id): each
/// request is named by its api; a Produce request also by the topics it writes to (<c>Produce payments.processed</c>),
/// read from its body in the non-flexible (v3-v8) and flexible (v9+) layouts.
/// </summary>
public sealed class KafkaRequestFramer : IRequestFramer
{
    private readonly List<byte> _pending = new();

    public void Feed(ReadOnlyMemory<byte> data, Action<string> request)
    {
        _pending.AddRange(data.Span);
        while (_pending.Count >= 4)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(_pending.GetRange(0, 4).ToArray());
            if (size < 0 || _pending.Count < 4 + size) return;
            var frame = _pending.GetRange(4, size).ToArray();
            _pending.RemoveRange(0, 4 + size);
            request(Describe(frame));
        }
    }

    public static string Describe(byte[] frame)
    {
        if (frame.Length < 8) return "unreadable";
        var apiKey = BinaryPrimitives.ReadInt16BigEndian(frame);
        var name = apiKey switch
        {
            0 => "Produce", 1 => "Fetch", 2 => "ListOffsets", 3 => "Metadata", 8 => "OffsetCommit", 9 => "OffsetFetch",
            10 => "FindCoordinator", 11 => "JoinGroup", 12 => "Heartbeat", 13 => "LeaveGroup", 14 => "SyncGroup",
            18 => "ApiVersions", 19 => "CreateTopics", 22 => "InitProducerId", _ => $"api {apiKey}",
        };
        if (apiKey != 0) return name;
        try
        {
            return $"Produce {string.Join(',', ProducedTopics(frame).Distinct())}";
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return $"Produce v{BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(2))} (topics unreadable)";
        }
    }

    private static List<string> ProducedTopics(byte[] frame)
    {
        var version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(2));
        var flexible = version >= 9;
        var at = 8; // api key, api version, correlation id
        var clientId = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(at)); // the header's client id is never compact
        at += 2 + Math.Max((int)clientId, 0);
        if (flexible) SkipTaggedFields(frame, ref at);
        if (flexible) SkipCompact(frame, ref at); // transactional id
        else at += 2 + Math.Max((int)BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(at)), 0);
        at += 2 + 4; // acks, timeout
        var topics = new List<string>();
        var topicCount = flexible ? (int)ReadUnsignedVarint(frame, ref at) - 1 : ReadInt32(frame, ref at);
        for (var t = 0; t < topicCount; t++)
        {
            int nameLength;
            if (flexible) nameLength = (int)ReadUnsignedVarint(frame, ref at) - 1;
            else { nameLength = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(at)); at += 2; }
            topics.Add(Encoding.UTF8.GetString(frame.AsSpan(at, nameLength)));
            at += nameLength;
            var partitions = flexible ? (int)ReadUnsignedVarint(frame, ref at) - 1 : ReadInt32(frame, ref at);
            for (var p = 0; p < partitions; p++)
            {
                at += 4; // partition index
                if (flexible) { SkipCompact(frame, ref at); SkipTaggedFields(frame, ref at); }
                else { var records = ReadInt32(frame, ref at); at += Math.Max(records, 0); }
            }
            if (flexible) SkipTaggedFields(frame, ref at);
        }
        return topics;
    }

    private static int ReadInt32(byte[] frame, ref int at)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(at));
        at += 4;
        return value;
    }

    private static uint ReadUnsignedVarint(byte[] frame, ref int at)
    {
        uint value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = frame[at++];
            value |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    /// <summary>A compact string or bytes: an unsigned varint length + 1 (0 for null), then the bytes.</summary>
    private static void SkipCompact(byte[] frame, ref int at)
    {
        var length = (int)ReadUnsignedVarint(frame, ref at) - 1; // read first: `at += Read(ref at)` would add to the old value
        at += Math.Max(length, 0);
    }

    private static void SkipTaggedFields(byte[] frame, ref int at)
    {
        var count = ReadUnsignedVarint(frame, ref at);
        for (var i = 0; i < count; i++)
        {
            ReadUnsignedVarint(frame, ref at); // tag
            var size = (int)ReadUnsignedVarint(frame, ref at);
            at += size;
        }
    }
}

/// <summary>
/// PostgreSQL's frontend framing: untyped messages (an SSL or GSS request, then the startup message) until the
/// startup, then a type byte and a 4-byte length per message. Statements are named by their SQL (Parse and Query
/// carry it), so a journal write shows as its <c>INSERT</c>; other messages by their type.
/// </summary>
public sealed class PostgresRequestFramer : IRequestFramer
{
    private const int SslRequest = 80877103, GssRequest = 80877104;
    private readonly List<byte> _pending = new();
    private bool _started;

    public void Feed(ReadOnlyMemory<byte> data, Action<string> request)
    {
        _pending.AddRange(data.Span);
        while (true)
        {
            var header = _started ? 5 : 4;
            if (_pending.Count < header) return;
            var length = BinaryPrimitives.ReadInt32BigEndian(_pending.GetRange(header - 4, 4).ToArray());
            var total = header - 4 + length;
            if (length < 4 || _pending.Count < total) return;
            var message = _pending.GetRange(0, total).ToArray();
            _pending.RemoveRange(0, total);
            if (!_started)
            {
                var code = message.Length >= 8 ? BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(4)) : 0;
                if (code is not SslRequest and not GssRequest) _started = true;
                request(code switch { SslRequest => "SSLRequest", GssRequest => "GSSENCRequest", _ => "Startup" });
                continue;
            }
            request(Describe(message));
        }
    }

    private static string Describe(byte[] message) => (char)message[0] switch
    {
        'Q' => Sql(message.AsSpan(5)),
        'P' => Sql(SkipCString(message.AsSpan(5))), // the statement's name, then its text
        'B' => "Bind",
        'E' => "Execute",
        'S' => "Sync",
        'D' => "Describe",
        'X' => "Terminate",
        var other => $"message {other}",
    };

    private static ReadOnlySpan<byte> SkipCString(ReadOnlySpan<byte> span) => span[(span.IndexOf((byte)0) + 1)..];

    private static string Sql(ReadOnlySpan<byte> text)
    {
        var end = text.IndexOf((byte)0);
        var sql = string.Join(' ', Encoding.UTF8.GetString(end < 0 ? text : text[..end]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return sql.Length <= 60 ? sql : sql[..60];
    }
}
