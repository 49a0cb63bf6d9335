using System.Text;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>
/// One hostile or extreme record as raw Kafka bytes, and what the node must make of it: the dead-letter reason, or
/// <c>null</c> for an outcome. Shared by a unit test (Kafka/CloudEvents/HostileCorpusTests) and an end-to-end spec.
/// </summary>
public sealed record HostileRecord(string Name, byte[]? Key, byte[]? Value, IReadOnlyList<(string Name, byte[]? Value)> Headers, string? ExpectedReason)
{
    /// <summary>The key as the node's consumer sees it: Confluent's default string deserializer (invalid UTF-8 becomes U+FFFD).</summary>
    public string? KeyText => Key is null ? null : Deserializers.Utf8.Deserialize(Key, false, SerializationContext.Empty);

    public Headers KafkaHeaders()
    {
        var headers = new Headers();
        foreach (var (name, value) in Headers) headers.Add(name, value);
        return headers;
    }

    /// <summary>The record as the payment stream receives it.</summary>
    public Message<string, byte[]> Received() => new() { Key = KeyText!, Value = Value!, Headers = KafkaHeaders() };

    /// <summary>The record as an outside producer sends it, bytes exactly.</summary>
    public Message<byte[], byte[]> Sent() => new() { Key = Key!, Value = Value!, Headers = KafkaHeaders() };

    public override string ToString() => Name;
}

/// <summary>
/// At least 50 named hostile inputs: encoding tricks, extreme numbers and dates, oversize ids and headers, wrong
/// types, nesting, empty and huge values, key/account mismatches, structured vs binary confusion.
/// </summary>
public static class HostileCorpus
{
    public const string Account = "acct-hostile";
    private const string Undecodable = DeadLetterReasons.Undecodable, UnknownType = DeadLetterReasons.UnknownType,
        Schema = DeadLetterReasons.SchemaViolation, Oversize = DeadLetterReasons.Oversize;
    private const string Ok = null!;

    public static IReadOnlyList<HostileRecord> All { get; } = Build();

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
    private static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Payment data with fields replaced by raw JSON (null removes one; a name starting with '+' is appended as is).</summary>
    private static string Payment(string id, params (string Field, string? Raw)[] changes)
    {
        var fields = new List<(string, string?)>
        {
            ("paymentId", $"\"{id}\""), ("accountId", $"\"{Account}\""), ("payee", "\"shop-1\""), ("amount", "12.50"),
            ("currency", "\"EUR\""), ("country", "\"DE\""), ("requestedAt", "\"2026-11-26T14:00:00Z\""),
        };
        var extra = new List<(string, string?)>();
        foreach (var (field, raw) in changes)
        {
            var i = fields.FindIndex(f => f.Item1 == field);
            if (i >= 0) fields[i] = (field, raw);
            else extra.Add((field.TrimStart('+'), raw));
        }
        return "{" + string.Join(",", fields.Concat(extra).Where(f => f.Item2 is not null).Select(f => $"\"{f.Item1}\":{f.Item2}")) + "}";
    }

    private static string Credit(string id) =>
        $"{{\"creditId\":\"{id}\",\"accountId\":\"{Account}\",\"amount\":100.00,\"currency\":\"EUR\",\"creditedAt\":\"2026-11-26T13:00:00Z\"}}";

    private static List<(string, byte[]?)> CeHeaders(string id, string type = EventTypes.PaymentRequested) =>
    [
        (CloudEventHeaders.SpecVersion, U("1.0")), (CloudEventHeaders.Id, U(id)), (CloudEventHeaders.Source, U("/hostile")),
        (CloudEventHeaders.Type, U(type)), (CloudEventHeaders.Time, U("2026-11-26T14:00:00Z")),
        (CloudEventHeaders.ContentType, U("application/json")),
    ];

    /// <summary>Binary mode; <paramref name="header"/> replaces (or with a null value removes) a header, <paramref name="add"/> appends.</summary>
    private static HostileRecord Binary(string name, string? expected, byte[]? value, string? key = Account,
        string type = EventTypes.PaymentRequested, (string Name, byte[]? Value)? header = null, params (string, byte[]?)[] add)
    {
        var headers = CeHeaders("ev-" + name.GetHashCode().ToString("x8"), type);
        if (header is { } h)
        {
            headers.RemoveAll(x => x.Item1 == h.Name);
            if (h.Value is not null) headers.Add((h.Name, h.Value));
        }
        headers.AddRange(add);
        return new HostileRecord(name, key is null ? null : U(key), value, headers, expected);
    }

    private static HostileRecord Binary(string name, string? expected, string value, string? key = Account,
        string type = EventTypes.PaymentRequested, (string Name, byte[]? Value)? header = null, params (string, byte[]?)[] add) =>
        Binary(name, expected, U(value), key, type, header, add);

    /// <summary>Structured mode with the given attributes (raw JSON members) and data.</summary>
    private static HostileRecord Structured(string name, string? expected, string members, string? data = null, string key = Account) =>
        new(name, U(key), U("{" + members + (data is null ? "" : ",\"data\":" + data) + "}"),
            [(CloudEventHeaders.ContentType, U("application/cloudevents+json; charset=utf-8"))], expected);

    private static string Attributes(string id = "\"ev-s\"", string source = "\"/hostile\"", string type = $"\"{EventTypes.PaymentRequested}\"",
        string time = "\"2026-11-26T14:00:00Z\"") =>
        $"\"specversion\":\"1.0\",\"id\":{id},\"source\":{source},\"type\":{type},\"time\":{time},\"datacontenttype\":\"application/json\"";

    private static List<HostileRecord> Build()
    {
        var c = new List<HostileRecord>
        {
            // Baselines and extremes that are valid.
            Binary("a valid binary payment", Ok, Payment("h-ok-1")),
            Structured("a valid structured payment", Ok, Attributes(), Payment("h-ok-2")),
            Binary("a valid binary credit", Ok, Credit("h-credit-1"), type: EventTypes.AccountCredited),
            Structured("a valid structured credit in data_base64", Ok,
                Attributes(type: $"\"{EventTypes.AccountCredited}\"") + $",\"data_base64\":\"{Convert.ToBase64String(U(Credit("h-credit-2")))}\""),
            Binary("printable non-ASCII ids and attributes", Ok, Payment("zahlung-ü-😀", ("payee", "\"café-北京\"")),
                header: (CloudEventHeaders.Source, U("/quelle/ünïcödé/😀"))),
            Binary("a ce_id of exactly 256 characters", Ok, Payment("h-ok-3"), header: (CloudEventHeaders.Id, U(new string('i', 256)))),
            Binary("a paymentId of 64 astral characters", Ok, Payment(string.Concat(Enumerable.Repeat("😀", 64)))),
            Binary("an amount of exactly 1,000,000,000", Ok, Payment("h-ok-4", ("amount", "1000000000"))),
            Binary("a ce_time of exactly 2000-01-01T00:00:00Z", Ok, Payment("h-ok-5"), header: (CloudEventHeaders.Time, U("2000-01-01T00:00:00Z"))),
            Binary("a requestedAt of 2099-12-31T23:59:59.9999999Z", Ok, Payment("h-ok-6", ("requestedAt", "\"2099-12-31T23:59:59.9999999Z\""))),
            Binary("an unknown extension header and extra fields", Ok, Payment("h-ok-7", ("+note", "{\"a\":[1,{\"b\":null}]}")),
                add: [("ce_traceparent", U("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")), ("x-other", new byte[] { 0, 255, 1 })]),

            // Attributes: length, control characters, encoding tricks.
            Binary("a ce_id of 257 characters", Schema, Payment("h-1"), header: (CloudEventHeaders.Id, U(new string('i', 257)))),
            Binary("a ce_source of 10,000 characters", Schema, Payment("h-2"), header: (CloudEventHeaders.Source, U(new string('s', 10_000)))),
            Binary("a ce_type of 300 characters", Schema, Payment("h-3"), header: (CloudEventHeaders.Type, U(new string('t', 300)))),
            Binary("a ce_id with a NUL", Schema, Payment("h-4"), header: (CloudEventHeaders.Id, U("ev\0id"))),
            Binary("a ce_id with a newline (log injection)", Schema, Payment("h-5"), header: (CloudEventHeaders.Id, U("ev\nINFO forged line"))),
            Binary("a ce_source with a right-to-left override", Schema, Payment("h-6"), header: (CloudEventHeaders.Source, U("/src/\u202Egnp.exe"))),
            Binary("a ce_id with invalid UTF-8 bytes", Schema, Payment("h-7"), header: (CloudEventHeaders.Id, new byte[] { (byte)'e', 0xFF, 0xFE })),
            Binary("a ce_id with an overlong UTF-8 slash", Schema, Payment("h-8"), header: (CloudEventHeaders.Id, new byte[] { (byte)'e', 0xC0, 0xAF })),
            Binary("a ce_id with an encoded surrogate (CESU-8)", Schema, Payment("h-9"), header: (CloudEventHeaders.Id, new byte[] { (byte)'e', 0xED, 0xA0, 0x80 })),
            Binary("a ce_id starting with a BOM", Schema, Payment("h-10"), header: (CloudEventHeaders.Id, Cat([0xEF, 0xBB, 0xBF], U("ev")))),
            Binary("a ce_subject with a control character", Schema, Payment("h-11"), add: [("ce_subject", U("sub\u0007ject"))]),
            Binary("an extension header of 1,000 characters", Schema, Payment("h-12"), add: [("ce_foo", U(new string('f', 1000)))]),
            Binary("two ce_type headers that disagree", Undecodable, Payment("h-13"), add: [(CloudEventHeaders.Type, U(EventTypes.AccountCredited))]),
            Binary("two ce_id headers", Undecodable, Payment("h-14"), add: [(CloudEventHeaders.Id, U("ev-other"))]),
            Binary("a ce_time in year 1", Schema, Payment("h-15"), header: (CloudEventHeaders.Time, U("0001-01-01T00:00:00Z"))),
            Binary("a ce_time of 2100-01-01T00:00:00Z", Schema, Payment("h-16"), header: (CloudEventHeaders.Time, U("2100-01-01T00:00:00Z"))),
            Binary("a ce_time one second before 2000", Schema, Payment("h-17"), header: (CloudEventHeaders.Time, U("1999-12-31T23:59:59Z"))),
            Binary("a ce_specversion of 0.3", Undecodable, Payment("h-18"), header: (CloudEventHeaders.SpecVersion, U("0.3"))),
            Binary("a content-type of application/xml", Undecodable, Payment("h-19"), header: (CloudEventHeaders.ContentType, U("application/xml"))),

            // Sizes.
            Binary("one 17 KiB header", Oversize, Payment("h-20"), add: [("x-trace", new byte[17 * 1024])]),
            Binary("100 headers", Oversize, Payment("h-21"), add: Enumerable.Range(0, 94).Select(i => ($"x-h{i}", (byte[]?)U("v"))).ToArray()),
            Binary("key + value + headers over 64 KiB, each under its own limit", Oversize,
                Payment("h-22", ("+padding", $"\"{new string('p', 60 * 1024)}\"")), add: [("x-trace", new byte[10 * 1024])]),
            Binary("a value of 500 KiB", Oversize, Cat(U(Payment("h-23", ("+padding", "\""))), new byte[500 * 1024])),
            Binary("a key of 70 KiB", Oversize, Payment("h-24"), key: new string('k', 70 * 1024)),

            // Empty values and keys.
            Binary("an empty value", Undecodable, Array.Empty<byte>()),
            Binary("a null value (tombstone)", Undecodable, (byte[]?)null),
            Binary("no headers at all", Undecodable, Payment("h-25"), header: (CloudEventHeaders.SpecVersion, null)) with { Headers = [] },
            Binary("a null key", Schema, Payment("h-26"), key: null),
            Binary("a key that differs from data.accountId", Schema, Payment("h-27"), key: "acct-other"),
            new HostileRecord("a key with invalid UTF-8 bytes", Cat(U(Account), [0xFF]), U(Payment("h-28")), CeHeaders("ev-h-28"), Schema),
            Binary("a key equal to the account but for a trailing NUL", Schema, Payment("h-29"), key: Account + "\0"),

            // Data: encoding tricks.
            Binary("a UTF-8 BOM before the data", Undecodable, Cat([0xEF, 0xBB, 0xBF], U(Payment("h-30")))),
            Binary("a raw NUL byte inside the data", Undecodable, U(Payment("h-31")).Select(b => b == (byte)'D' ? (byte)0 : b).ToArray()),
            Binary("raw invalid UTF-8 inside a data string", Schema, Cat(U("{\"paymentId\":\"h-32"), [0xFF], U(Payment("x")[14..]))),
            Binary("an overlong UTF-8 encoding inside paymentId", Schema, Cat(U("{\"paymentId\":\"h-33"), [0xC0, 0xAF], U(Payment("x")[14..]))),
            Binary("an unpaired high surrogate in paymentId", Schema, Payment("h-34\\ud800")),
            Binary("an unpaired surrogate in accountId", Schema, Payment("h-35", ("accountId", "\"acct\\ud800\""))),
            Binary("an unpaired low surrogate in payee", Schema, Payment("h-36", ("payee", "\"\\udc00shop\""))),
            Binary("an unpaired surrogate in currency", Schema, Payment("h-37", ("currency", "\"E\\ud800\""))),
            Binary("an unpaired surrogate in requestedAt", Schema, Payment("h-38", ("requestedAt", "\"2026-11-26T14:00:00\\ud800\""))),
            Binary("an escaped NUL in paymentId", Schema, Payment("h-39\\u0000")),
            Binary("an escaped NUL in currency", Schema, Payment("h-40", ("currency", "\"EU\\u0000\""))),
            Binary("a zero-width space in accountId", Schema, Payment("h-41", ("accountId", $"\"{Account}\\u200B\"")), key: Account + "\u200B"),

            // Data: numbers.
            Binary("an amount of 1e309", Schema, Payment("h-42", ("amount", "1e309"))),
            Binary("an amount of -0", Schema, Payment("h-43", ("amount", "-0"))),
            Binary("an amount of 1E-400", Schema, Payment("h-44", ("amount", "1E-400"))),
            Binary("an amount of 1,000,000,000.01", Schema, Payment("h-45", ("amount", "1000000000.01"))),
            Binary("an amount with 400 digits", Schema, Payment("h-46", ("amount", new string('9', 400)))),
            Binary("an amount past decimal's range", Schema, Payment("h-47", ("amount", "79228162514264337593543950336"))),
            Binary("an amount with an exponent past int", Schema, Payment("h-48", ("amount", "1e2147483648"))),
            Binary("an amount as a string", Schema, Payment("h-49", ("amount", "\"12.50\""))),
            Binary("an amount of null", Schema, Payment("h-50", ("amount", "null"))),
            Binary("an amount with three decimals", Schema, Payment("h-51", ("amount", "0.001"))),

            // Data: dates.
            Binary("a requestedAt in year 1", Schema, Payment("h-52", ("requestedAt", "\"0001-01-01T00:00:00Z\""))),
            Binary("a requestedAt of DateTime.MaxValue", Schema, Payment("h-53", ("requestedAt", "\"9999-12-31T23:59:59.9999999Z\""))),
            Binary("a requestedAt before 2000 only in UTC", Schema, Payment("h-54", ("requestedAt", "\"2000-01-01T00:30:00+01:00\""))),
            Binary("a requestedAt past 2100 only in UTC", Schema, Payment("h-55", ("requestedAt", "\"2099-12-31T23:00:00-02:00\""))),
            Binary("a creditedAt of the Unix epoch", Schema, Credit("h-credit-3").Replace("2026-11-26T13:00:00Z", "1970-01-01T00:00:00Z"), type: EventTypes.AccountCredited),
            Binary("a requestedAt as a Unix timestamp", Schema, Payment("h-56", ("requestedAt", "1764165600"))),

            // Data: ids, types, shapes.
            Binary("a paymentId of 65 characters", Schema, Payment(new string('p', 65))),
            Binary("a paymentId of 10,000 characters", Schema, Payment(new string('p', 10_000))),
            Binary("an empty payee", Schema, Payment("h-57", ("payee", "\"\""))),
            Binary("a paymentId that is a number", Schema, Payment("h-58", ("paymentId", "58"))),
            Binary("a country that is an array", Schema, Payment("h-59", ("country", "[\"DE\"]"))),
            Binary("a paymentId that appears twice", Schema, Payment("h-60", ("+paymentId", "\"h-60-b\""))),
            Binary("an accountId that appears twice, the second unlike the key", Schema, Payment("h-61", ("+accountId", "\"acct-other\""))),
            Binary("an extra field nested 100 deep", Undecodable, Payment("h-62", ("+deep", new string('[', 100) + new string(']', 100)))),
            Binary("data that is an array", Schema, "[" + Payment("h-63") + "]"),
            Binary("data that is a JSON string", Schema, "\"" + Payment("h-64").Replace("\"", "\\\"") + "\""),
            Binary("data that is null", Schema, "null"),
            Binary("data followed by trailing garbage", Undecodable, Payment("h-65") + "}{"),
            Binary("random bytes as the value", Undecodable, RandomBytes(9, 200)),

            // Types and modes.
            Binary("an outcome type on the input topic", UnknownType, Payment("h-66"), type: EventTypes.PaymentConfirmed),
            Binary("an unknown type", UnknownType, Payment("h-67"), type: "payments.payment.refunded.v1"),
            Binary("a type that differs only in case", UnknownType, Payment("h-68"), type: "Payments.Payment.Requested.v1"),
            Binary("a structured envelope sent in binary mode", Schema, "{" + Attributes() + ",\"data\":" + Payment("h-69") + "}"),
            Binary("binary data labelled structured", Undecodable, Payment("h-70"),
                header: (CloudEventHeaders.ContentType, U("application/cloudevents+json"))),

            // Structured mode.
            Structured("structured: an unpaired surrogate in id", Schema, Attributes(id: "\"ev\\ud800\""), Payment("h-71")),
            Structured("structured: an unpaired surrogate in source", Schema, Attributes(source: "\"/s\\udfff\""), Payment("h-72")),
            Structured("structured: an unpaired surrogate in type", Schema, Attributes(type: "\"payments\\ud800\""), Payment("h-73")),
            Structured("structured: an unpaired surrogate in time", Schema, Attributes(time: "\"2026\\ud800\""), Payment("h-74")),
            Structured("structured: an unpaired surrogate in an attribute name", Undecodable, Attributes() + ",\"x\\ud800\":\"v\"", Payment("h-75")),
            Structured("structured: an unpaired surrogate in an extension", Schema, Attributes() + ",\"traceid\":\"\\ud800\"", Payment("h-76")),
            Structured("structured: an id of 257 characters", Schema, Attributes(id: $"\"{new string('i', 257)}\""), Payment("h-77")),
            Structured("structured: a NUL in source", Schema, Attributes(source: "\"/s\\u0000\""), Payment("h-78")),
            Structured("structured: a time in 2150", Schema, Attributes(time: "\"2150-01-01T00:00:00Z\""), Payment("h-79")),
            Structured("structured: an id that appears twice", Undecodable, Attributes() + ",\"id\":\"ev-other\"", Payment("h-80")),
            Structured("structured: both data and data_base64", Undecodable,
                Attributes() + $",\"data_base64\":\"{Convert.ToBase64String(U(Payment("h-81")))}\"", Payment("h-81")),
            Structured("structured: an extension that is an object", Undecodable, Attributes() + ",\"ext\":{\"a\":1}", Payment("h-82")),
            Structured("structured: an id that is a number", Undecodable, Attributes(id: "42"), Payment("h-83")),
            Structured("structured: no data", Undecodable, Attributes()),
            Structured("structured: nested 1,000 deep", Undecodable, Attributes() + ",\"ext\":" + new string('[', 1000) + new string(']', 1000), Payment("h-84")),
        };
        return c;
    }

    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFE; // never a JSON start
        return bytes;
    }
}
