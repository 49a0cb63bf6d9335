using System.Text;
using Akka.Configuration;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;
using Akka.Payments.Shared.Validation;
using Akka.Remote;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Pipeline;

/// <summary>
/// What crosses Akka.Remote between the stream and a shard on another node is a <see cref="DecideEvent"/> one way and
/// an outcome (or <see cref="DecisionFailed"/>) back; the outcome is then produced to Kafka. With the edge limits
/// (CloudEvents attributes at most 256 characters, data ids at most 64, unknown data fields dropped) the worst case
/// of each is a few kilobytes: far below the remoting frame and the Kafka message limit, whatever the characters.
/// </summary>
public sealed class RemoteFrameTests
{
    private const int MaxAttribute = InputLimits.MaxAttributeLength, MaxId = InputLimits.MaxIdLength;
    private const int KafkaMessageMaxBytes = 1_000_000; // librdkafka's and the broker's default message.max.bytes

    private static readonly long MaxFrame =
        ConfigurationFactory.FromResource<RemoteSettings>("Akka.Remote.Configuration.Remote.conf").GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000;

    /// <summary>Fillers that cost the most bytes per character: escaped control characters, and characters outside
    /// the BMP (two UTF-16 units, each escaped).</summary>
    public static TheoryData<string> Fillers => new() { "\u0001", "\"", "\U0001F4B8", "é" };

    private static string Worst(string filler, int length) =>
        string.Concat(Enumerable.Repeat(filler, length / filler.Length + 1))[..length];

    private static readonly DateTimeOffset When = new(2099, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(14)); // the latest instant the edge accepts, in its longest form

    private static DecideEvent WorstDecide(string filler) => new(
        new PaymentRequested(Worst(filler, MaxId), Worst(filler, MaxId), Worst(filler, MaxId), 999_999_999.99m, "EUR", "CH", When),
        new Lineage(Worst(filler, MaxAttribute), $"{Worst(filler, 249)}/{int.MaxValue}/{long.MaxValue}"));

    private static PaymentDeclined WorstOutcome(string filler) => new(
        Worst(filler, MaxId), Worst(filler, MaxId), 999_999_999.99m, "EUR",
        DeclineReasons.InPrecedenceOrder.MaxBy(r => r.Length)!, long.MaxValue,
        Worst(filler, MaxAttribute), $"{Worst(filler, 249)}/{int.MaxValue}/{long.MaxValue}", When);

    [Theory]
    [MemberData(nameof(Fillers))]
    public void The_worst_case_DecideEvent_is_far_below_the_remoting_frame(string filler)
    {
        var (manifest, bytes) = PaymentsSerializer.Encode(WorstDecide(filler));
        Assert.True(bytes.Length + manifest.Length < MaxFrame / 8, $"{bytes.Length} bytes of {MaxFrame}");
    }

    [Theory]
    [MemberData(nameof(Fillers))]
    public void The_worst_case_outcome_is_far_below_the_remoting_frame_and_the_Kafka_message_limit(string filler)
    {
        var outcome = WorstOutcome(filler);
        var (manifest, bytes) = PaymentsSerializer.Encode(outcome);
        Assert.True(bytes.Length + manifest.Length < MaxFrame / 8, $"{bytes.Length} bytes of {MaxFrame}");

        var failed = PaymentsSerializer.Encode(new DecisionFailed(outcome.AccountId, outcome.PaymentId, Worst(filler, 1024)));
        Assert.True(failed.Bytes.Length < MaxFrame / 8, $"DecisionFailed: {failed.Bytes.Length} bytes of {MaxFrame}");

        var record = OutcomeMessages.ToMessage(outcome);
        var size = Encoding.UTF8.GetByteCount(record.Key) + record.Value.Length
                   + record.Headers.Sum(h => Encoding.UTF8.GetByteCount(h.Key) + h.GetValueBytes().Length);
        Assert.True(size < KafkaMessageMaxBytes / 50, $"{size} bytes of {KafkaMessageMaxBytes}");
    }

    [Fact]
    public void The_remoting_frame_this_checks_against_is_the_default_Akka_Remote_uses()
    {
        Assert.Equal(128_000, MaxFrame);
    }

    [Fact]
    public void A_record_as_large_as_MaxRecordBytes_allows_sends_only_its_decoded_fields_across_the_wire()
    {
        var input = new AccountCredited("c-1", "acct-1", 10m, "EUR", When);
        var data = KafkaCloudEventEncoder.SerializeData(input);
        var padded = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data) + new string(' ', 1 << 20)); // 1 MiB of JSON whitespace
        var message = KafkaCloudEventEncoder.Binary("acct-1", padded,
            new CloudEventAttributes("ce-1", EventTypes.AccountCredited, "/spec", When));
        var decoded = new KafkaCloudEventDecoder(new CloudEventDecoderOptions { MaxRecordBytes = 16 << 20 })
            .Decode(message);

        Assert.Null(decoded.Rejection);
        var (_, bytes) = PaymentsSerializer.Encode(new DecideEvent(decoded.Input!.Event, new Lineage(decoded.Input.Id, "t/0/0")));
        Assert.True(bytes.Length < 1024, $"{bytes.Length} bytes");
    }
}
