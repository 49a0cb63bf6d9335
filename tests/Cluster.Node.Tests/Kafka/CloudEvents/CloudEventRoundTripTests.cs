using System.Text;
using System.Text.Json;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Tests;
using CloudNative.CloudEvents.SystemTextJson;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Kafka.CloudEvents;

public class CloudEventRoundTripTests
{
    private readonly KafkaCloudEventDecoder _decoder = new();

    [Theory]
    [MemberData(nameof(Samples.Inputs), MemberType = typeof(Samples))]
    public void An_input_event_round_trips_in_binary_mode(IInputEvent input)
    {
        var message = KafkaCloudEventEncoder.Binary(input, "ev-7", "/tests", Samples.Time);

        var result = _decoder.Decode(message);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(input, result.Input.Event);
        Assert.Equal(("ev-7", EventCatalog.Of(input).Type, "/tests", Samples.Time),
            (result.Input.Id, result.Input.Type, result.Input.Source, result.Input.Time!.Value));
    }

    [Theory]
    [MemberData(nameof(Samples.Inputs), MemberType = typeof(Samples))]
    public void An_input_event_round_trips_in_structured_mode(IInputEvent input)
    {
        var message = KafkaCloudEventEncoder.Structured(input, "ev-8", "/tests", Samples.Time);

        var result = _decoder.Decode(message);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(input, result.Input.Event);
        Assert.Equal(("ev-8", "/tests", Samples.Time), (result.Input.Id, result.Input.Source, result.Input.Time!.Value));
    }

    [Fact]
    public void A_binary_record_has_the_account_as_key_the_ce_headers_and_camel_case_data()
    {
        var message = KafkaCloudEventEncoder.Binary(Samples.Payment, "ev-1", "/tests", Samples.Time);

        Assert.Equal("acc-1", message.Key);
        Assert.Equal("1.0", Header(message, "ce_specversion"));
        Assert.Equal("ev-1", Header(message, "ce_id"));
        Assert.Equal("/tests", Header(message, "ce_source"));
        Assert.Equal(EventTypes.PaymentRequested, Header(message, "ce_type"));
        Assert.Equal("2026-11-26T14:00:00.123Z", Header(message, "ce_time"));
        Assert.Equal("application/json", Header(message, "content-type"));
        var json = Encoding.UTF8.GetString(message.Value);
        Assert.Contains("\"paymentId\":\"pay-1\"", json);
        Assert.Contains("\"amount\":19.90", json);
        Assert.DoesNotContain("$type", json);
    }

    [Theory]
    [MemberData(nameof(Samples.Outcomes), MemberType = typeof(Samples))]
    public void An_outcome_round_trips_in_binary_mode_without_a_type_discriminator(IOutcomeEvent outcome)
    {
        var message = OutcomeMessages.ToMessage(outcome);

        Assert.Equal(outcome.AccountId, message.Key);
        Assert.Equal(OutcomeIds.For(outcome), Header(message, "ce_id"));
        Assert.Equal(OutcomeMessages.DefaultSource, Header(message, "ce_source"));
        Assert.Equal(EventCatalog.Of(outcome).Type, Header(message, "ce_type"));
        Assert.Equal(outcome.ProcessedAt.UtcDateTime, DateTimeOffset.Parse(Header(message, "ce_time")).UtcDateTime);
        Assert.DoesNotContain("$type", Encoding.UTF8.GetString(message.Value));
        Assert.Equal(outcome, Deserialize(outcome, message.Value));
    }

    [Theory]
    [MemberData(nameof(Samples.Outcomes), MemberType = typeof(Samples))]
    public void An_outcome_round_trips_in_structured_mode_through_the_CloudEvents_SDK(IOutcomeEvent outcome)
    {
        var message = KafkaCloudEventEncoder.Structured(outcome, OutcomeIds.For(outcome), OutcomeMessages.DefaultSource);

        Assert.StartsWith("application/cloudevents+json", Header(message, "content-type"));
        var cloudEvent = new JsonEventFormatter().DecodeStructuredModeMessage(message.Value, null, null);
        Assert.Equal(OutcomeIds.For(outcome), cloudEvent.Id);
        Assert.Equal(EventCatalog.Of(outcome).Type, cloudEvent.Type);
        Assert.Equal(outcome.ProcessedAt, cloudEvent.Time);
        var data = Encoding.UTF8.GetBytes(((JsonElement)cloudEvent.Data!).GetRawText());
        Assert.Equal(outcome, Deserialize(outcome, data));
    }

    [Fact]
    public void Amounts_keep_their_scale_and_times_their_offset_in_event_data()
    {
        var message = KafkaCloudEventEncoder.Binary(Samples.Confirmed, "id", "/tests");
        var back = (PaymentConfirmed)Deserialize(Samples.Confirmed, message.Value);

        Assert.Equal("19.90", back.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Samples.Confirmed.ProcessedAt.Offset, back.ProcessedAt.Offset);
        Assert.Equal(Samples.Confirmed.ProcessedAt.Ticks, back.ProcessedAt.Ticks);
    }

    private static IOutcomeEvent Deserialize(IOutcomeEvent like, byte[] data)
    {
        var ctx = Shared.Serialization.PaymentsJsonContext.Default;
        return like switch
        {
            CreditApplied => JsonSerializer.Deserialize(data, ctx.CreditApplied)!,
            PaymentConfirmed => JsonSerializer.Deserialize(data, ctx.PaymentConfirmed)!,
            _ => JsonSerializer.Deserialize(data, ctx.PaymentDeclined)!,
        };
    }

    private static string Header(Message<string, byte[]> message, string name) =>
        Encoding.UTF8.GetString(message.Headers.GetLastBytes(name));
}
