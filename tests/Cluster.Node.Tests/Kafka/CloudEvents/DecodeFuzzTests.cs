using System.Diagnostics;
using System.Text;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Tests;
using Akka.Payments.Shared.Validation;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.Kafka.CloudEvents;

/// <summary>
/// Decoding is total: random and mutated records never make <see cref="KafkaCloudEventDecoder.Decode(Message{string, byte[]})"/>
/// throw, and every result is a valid input or a rejection with a known reason. Seeded: the seed is printed, and
/// <c>DECODE_FUZZ_SEED</c> (and <c>DECODE_FUZZ_CASES</c>) vary it.
/// </summary>
public class DecodeFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261126;
    private const int DefaultCases = 100_000;

    private static readonly string[] HostileValues =
    [
        "1e309", "-1e309", "-0", "1E-400", "0", "-1", "1e2147483648", new string('9', 500), "79228162514264337593543950336",
        "0.001", "1000000000.01", "1000000000", "1e9", "NaN", "Infinity", "null", "true", "[]", "{}", "[[[[[[[[[[]]]]]]]]]]",
        new string('[', 40) + new string(']', 40), "{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}", "\"\"", "\"\\ud800\"", "\"\\udc00x\"",
        "\"\\ud800\\ud800\"", "\"a\\u0000b\"", "\"\\u202E\"", "\"\\u200B\"", "\"\\uFEFF\"", "\"\\n\"", "\"EUR\"", "\"E\\u0055R\"",
        "\"DE\"", "\"acc-1\"", $"\"{new string('x', 65)}\"", $"\"{new string('x', 300)}\"",
        "\"2026-11-26T14:00:00Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.9999999Z\"", "\"2100-01-01T00:00:00Z\"",
        "\"1999-12-31T23:59:59Z\"", "\"2000-01-01T00:00:00+14:00\"", "\"2026-11-26T14:00:00\\u002B01:00\"", "\"2026-02-30T00:00:00Z\"",
        "\"😀\"", "\"ü\"", "12.5", "1764165600",
    ];

    private static readonly string[] Fields =
        ["paymentId", "accountId", "payee", "amount", "currency", "country", "requestedAt", "creditId", "creditedAt", "extra"];

    private static readonly string[] Attributes = ["specversion", "id", "source", "type", "time", "datacontenttype", "subject", "data", "data_base64", "ext"];

    [Fact]
    public void No_record_makes_decoding_throw_and_every_result_is_a_valid_input_or_a_known_rejection()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("DECODE_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var cases = int.TryParse(Environment.GetEnvironmentVariable("DECODE_FUZZ_CASES"), out var n) ? n : DefaultCases;
        output.WriteLine($"decode fuzz: seed {seed} (DECODE_FUZZ_SEED), {cases} cases (DECODE_FUZZ_CASES)");
        var random = new Random(seed);
        var decoder = new KafkaCloudEventDecoder();
        var bases = Bases();
        var byReason = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < cases; i++)
        {
            var (kind, message) = Case(random, bases, i);
            DecodeResult result;
            try
            {
                result = decoder.Decode(message);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} ({kind}, seed {seed}) threw {e.GetType().Name}: {e.Message}\nvalue: {Describe(message.Value)}");
                return;
            }
            var verdict = Check(result, message);
            if (verdict is not null) Assert.Fail($"case {i} ({kind}, seed {seed}): {verdict}\nvalue: {Describe(message.Value)}");
            var key = result.IsSuccess ? "success" : result.Rejection.Reason;
            byReason[key] = byReason.GetValueOrDefault(key) + 1;
        }

        output.WriteLine($"{cases} cases in {watch.Elapsed.TotalSeconds:F1} s: " +
                         string.Join(", ", byReason.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.True(byReason.GetValueOrDefault("success") > cases / 100, "too few mutated records stay valid: the generator is broken");
        Assert.True(byReason.Count == 5, "every outcome kind should be reached: " + string.Join(",", byReason.Keys));
    }

    /// <summary>Null when the result is acceptable: a valid, bounded input, or a known reason with an error.</summary>
    private static string? Check(DecodeResult result, Message<string, byte[]> message)
    {
        if (!result.IsSuccess)
        {
            if (!DeadLetterReasons.All.Contains(result.Rejection.Reason)) return $"unknown reason {result.Rejection.Reason}";
            return string.IsNullOrWhiteSpace(result.Rejection.Error) ? "empty error" : null;
        }
        var input = result.Input;
        if (input.Event.AccountId != message.Key) return "key differs from accountId";
        var data = KafkaCloudEventEncoder.SerializeData(input.Event);
        if (EventDataValidator.Validate(data, EventCatalog.For(input.Type)!) is { } invalid) return "accepted data re-validates as " + invalid;
        foreach (var attribute in new[] { input.Id, input.Source, input.Type })
            if (attribute.Length == 0 || InputLimits.CheckText(attribute, InputLimits.MaxAttributeLength) is not null)
                return $"accepted attribute '{attribute}'";
        if (input.Time is { } t && !InputLimits.IsInTimeRange(t)) return $"accepted time {t}";
        var time = input.Event switch
        {
            PaymentRequested p => p.RequestedAt,
            AccountCredited c => c.CreditedAt,
            _ => default,
        };
        var amount = input.Event switch { PaymentRequested p => p.Amount, AccountCredited c => c.Amount, _ => 0m };
        if (!InputLimits.IsInTimeRange(time)) return $"accepted data time {time}";
        if (amount <= 0 || amount > InputLimits.MaxAmount || decimal.Round(amount, 2) != amount) return $"accepted amount {amount}";
        return null;
    }

    private static List<Message<string, byte[]>> Bases() =>
    [
        KafkaCloudEventEncoder.Binary(Samples.Payment, "ev-1", "/fuzz", Samples.Time),
        KafkaCloudEventEncoder.Binary(Samples.Credit, "ev-2", "/fuzz", Samples.Time),
        KafkaCloudEventEncoder.Structured(Samples.Payment, "ev-3", "/fuzz", Samples.Time),
        KafkaCloudEventEncoder.Structured(Samples.Credit, "ev-4", "/fuzz", Samples.Time),
    ];

    private static (string Kind, Message<string, byte[]> Message) Case(Random random, List<Message<string, byte[]>> bases, int i)
    {
        var message = Copy(bases[random.Next(bases.Count)]);
        switch (i % 10)
        {
            case 0:
                message.Value = Bytes(random, random.Next(0, 300));
                if (random.Next(4) == 0) message.Key = Encoding.UTF8.GetString(Bytes(random, random.Next(0, 80)));
                if (random.Next(4) == 0) message.Headers.Add(Encoding.UTF8.GetString(Bytes(random, 6)), Bytes(random, random.Next(0, 40)));
                return ("random bytes", message);
            case 1 or 2 or 3:
                message.Value = MutateBytes(random, message.Value);
                return ("byte mutation", message);
            case 4 or 5 or 6:
                message.Value = Encoding.UTF8.GetBytes(ReplaceField(random, Encoding.UTF8.GetString(message.Value)));
                return ("field replaced", message);
            case 7:
                message.Value = Encoding.UTF8.GetBytes(DuplicateField(random, Encoding.UTF8.GetString(message.Value)));
                return ("field duplicated", message);
            case 8:
                MutateHeaders(random, message);
                return ("headers", message);
            default:
                message.Value = MutateBytes(random, Encoding.UTF8.GetBytes(ReplaceField(random, Encoding.UTF8.GetString(message.Value))));
                MutateHeaders(random, message);
                return ("everything", message);
        }
    }

    private static byte[] MutateBytes(Random random, byte[] value)
    {
        var bytes = value.ToList();
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.Insert(at, Interesting(random)); break;
                case 2 when bytes.Count > 0: bytes.RemoveAt(at); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break; // truncate
                default: if (bytes.Count > 0) bytes[at] = Interesting(random); break;
            }
        }
        return bytes.ToArray();
    }

    private const string InterestingChars = "{}[]\",:\\u0-1e.9 \0\xFF\xC0\xED";

    private static byte Interesting(Random random) =>
        random.Next(3) == 0 ? (byte)random.Next(256) : (byte)InterestingChars[random.Next(InterestingChars.Length)];

    /// <summary>Replaces the value of one data field or attribute (whichever mode) with a hostile JSON value.</summary>
    private static string ReplaceField(Random random, string json)
    {
        var names = random.Next(2) == 0 ? Fields : Attributes;
        var name = names[random.Next(names.Length)];
        var value = HostileValues[random.Next(HostileValues.Length)];
        var marker = $"\"{name}\":";
        var at = json.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return json.Insert(json.Length > 1 && json[^1] == '}' ? json.Length - 1 : json.Length, $",{marker}{value}");
        var start = at + marker.Length;
        var end = EndOfValue(json, start);
        return json[..start] + value + json[end..];
    }

    private static string DuplicateField(Random random, string json)
    {
        var name = Fields[random.Next(7)];
        var marker = $"\"{name}\":";
        var at = json.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return json;
        var end = EndOfValue(json, at + marker.Length);
        var copy = random.Next(2) == 0 ? json[at..end] : marker + HostileValues[random.Next(HostileValues.Length)];
        return json.Insert(end, "," + copy);
    }

    /// <summary>The end of the JSON value starting at <paramref name="start"/>: good enough for the encoder's output.</summary>
    private static int EndOfValue(string json, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                if (depth == 0 && !inString) return i + 1;
                continue;
            }
            switch (c)
            {
                case '"': inString = true; break;
                case '{' or '[': depth++; break;
                case '}' or ']':
                    if (depth == 0) return i;
                    if (--depth == 0) return i + 1;
                    break;
                case ',' when depth == 0: return i;
            }
        }
        return json.Length;
    }

    private static void MutateHeaders(Random random, Message<string, byte[]> message)
    {
        string[] names = ["ce_id", "ce_source", "ce_type", "ce_time", "ce_specversion", "content-type", "ce_subject", "ce_ext", "x-other"];
        byte[][] values =
        [
            "1.0"u8.ToArray(), "application/json"u8.ToArray(), "application/cloudevents+json"u8.ToArray(), "application/avro"u8.ToArray(),
            Encoding.UTF8.GetBytes(EventTypes.PaymentRequested), Encoding.UTF8.GetBytes(EventTypes.AccountCredited), [], [0xFF, 0xFE],
            [0xC0, 0xAF], [0xED, 0xA0, 0x80], "a\0b"u8.ToArray(), Encoding.UTF8.GetBytes(new string('h', 257)), new byte[20_000],
            "2026-11-26T14:00:00Z"u8.ToArray(), "0001-01-01T00:00:00Z"u8.ToArray(), "2100-01-01T00:00:00Z"u8.ToArray(), "ü😀"u8.ToArray(),
        ];
        switch (random.Next(5))
        {
            case 0: message.Headers.Add(names[random.Next(names.Length)], values[random.Next(values.Length)]); break; // maybe duplicate
            case 1:
                var name = names[random.Next(names.Length)];
                message.Headers.Remove(name);
                if (random.Next(3) > 0) message.Headers.Add(name, values[random.Next(values.Length)]);
                break;
            case 2: for (var h = random.Next(50, 80); h > 0; h--) message.Headers.Add($"x-{h}", [1]); break; // many headers
            case 3: message.Key = random.Next(3) switch { 0 => null!, 1 => "acc-2", _ => Encoding.UTF8.GetString(Bytes(random, 5)) }; break;
            default:
                var all = message.Headers.ToList();
                message.Headers = new Headers();
                foreach (var header in all.OrderBy(_ => random.Next())) message.Headers.Add(header.Key, header.GetValueBytes());
                break;
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static Message<string, byte[]> Copy(Message<string, byte[]> m)
    {
        var headers = new Headers();
        foreach (var h in m.Headers) headers.Add(h.Key, h.GetValueBytes());
        return new Message<string, byte[]> { Key = m.Key, Value = m.Value.ToArray(), Headers = headers };
    }

    private static string Describe(byte[]? value) =>
        value is null ? "(null)" : Encoding.UTF8.GetString(value[..Math.Min(value.Length, 400)]);
}
