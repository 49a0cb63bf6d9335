using System.Text;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Tests;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Kafka.CloudEvents;

public class DecodeRejectionTests
{
    private readonly KafkaCloudEventDecoder _decoder = new();

    private void AssertRejected(Message<string, byte[]> message, string reason, params string[] errorMentions)
    {
        var result = _decoder.Decode(message);
        Assert.False(result.IsSuccess, "expected a rejection, got " + result);
        Assert.Equal(reason, result.Rejection.Reason);
        foreach (var mention in errorMentions) Assert.Contains(mention, result.Rejection.Error);
    }

    private void AssertSchemaViolation(string property, string? rawValue, params string[] mentions) =>
        AssertRejected(KafkaSamples.BinaryRecord(KafkaSamples.PaymentWith(property, rawValue)), DeadLetterReasons.SchemaViolation, mentions);

    [Fact]
    public void A_valid_payment_record_is_decoded() =>
        Assert.True(_decoder.Decode(KafkaSamples.BinaryRecord(KafkaSamples.ValidPaymentJson)).IsSuccess);

    [Fact]
    public void A_payment_with_the_amount_as_a_string_is_a_schema_violation() =>
        AssertSchemaViolation("amount", "\"19.90\"", "'amount'", "number", "string");

    [Fact]
    public void A_payment_with_three_decimals_is_a_schema_violation() =>
        AssertSchemaViolation("amount", "19.905", "'amount'", "2 decimals");

    [Theory]
    [InlineData("0")]
    [InlineData("-5.00")]
    public void A_payment_with_a_zero_or_negative_amount_is_a_schema_violation(string amount) =>
        AssertSchemaViolation("amount", amount, "'amount'", "greater than 0");

    [Fact]
    public void A_payment_with_a_lower_case_currency_is_a_schema_violation() =>
        AssertSchemaViolation("currency", "\"eur\"", "'currency'", "upper-case");

    [Fact]
    public void A_payment_with_a_three_letter_country_is_a_schema_violation() =>
        AssertSchemaViolation("country", "\"DEU\"", "'country'", "two upper-case letters");

    [Fact]
    public void A_payment_with_a_65_character_id_is_a_schema_violation() =>
        AssertSchemaViolation("paymentId", $"\"{new string('p', 65)}\"", "'paymentId'", "1-64", "65");

    [Fact]
    public void A_payment_with_an_empty_payee_is_a_schema_violation() =>
        AssertSchemaViolation("payee", "\"\"", "'payee'", "1-64");

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"2026-11-26 14:00:00Z\"")]
    [InlineData("\"2026-11-26T14:00:00\"")]
    [InlineData("\"2026-02-30T14:00:00Z\"")]
    [InlineData("1764165600")]
    public void A_payment_with_a_bad_time_is_a_schema_violation(string time) =>
        AssertSchemaViolation("requestedAt", time, "'requestedAt'");

    [Theory]
    [InlineData("paymentId")]
    [InlineData("payee")]
    [InlineData("amount")]
    [InlineData("country")]
    public void A_payment_with_a_missing_field_is_a_schema_violation_naming_it(string field) =>
        AssertSchemaViolation(field, null, $"'{field}'", "required");

    [Fact]
    public void A_null_field_is_a_schema_violation() => AssertSchemaViolation("currency", "null", "'currency'", "null");

    [Fact]
    public void Unknown_extra_fields_are_allowed() =>
        Assert.True(_decoder.Decode(KafkaSamples.BinaryRecord(KafkaSamples.PaymentWith("note", "{\"a\":[1,2]}"))).IsSuccess);

    [Fact]
    public void A_record_whose_key_differs_from_the_account_id_is_a_schema_violation() =>
        AssertRejected(KafkaSamples.BinaryRecord(KafkaSamples.ValidPaymentJson, key: "acc-2"), DeadLetterReasons.SchemaViolation,
            "key", "acc-2", "accountId");

    [Fact]
    public void A_credit_with_an_amount_as_string_is_a_schema_violation() =>
        AssertRejected(KafkaSamples.BinaryRecord(
                """{"creditId":"c","accountId":"acc-1","amount":"1","currency":"EUR","creditedAt":"2026-11-26T14:00:00Z"}""",
                type: EventTypes.AccountCredited),
            DeadLetterReasons.SchemaViolation, EventTypes.AccountCredited, "'amount'");

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"paymentId\":")]
    [InlineData("")]
    public void A_record_whose_data_is_not_json_is_undecodable(string data) =>
        AssertRejected(KafkaSamples.BinaryRecord(data), DeadLetterReasons.Undecodable, "JSON");

    [Fact]
    public void A_record_with_valid_fields_followed_by_garbage_is_undecodable() =>
        AssertRejected(KafkaSamples.BinaryRecord(KafkaSamples.ValidPaymentJson + "}x"), DeadLetterReasons.Undecodable, "JSON");

    [Theory]
    [InlineData(CloudEventHeaders.Type)]
    [InlineData(CloudEventHeaders.Id)]
    [InlineData(CloudEventHeaders.Source)]
    [InlineData(CloudEventHeaders.SpecVersion)]
    public void A_record_without_a_required_ce_header_is_undecodable(string header) =>
        AssertRejected(KafkaSamples.BinaryRecord(KafkaSamples.ValidPaymentJson, without: header), DeadLetterReasons.Undecodable, header);

    [Fact]
    public void A_record_with_a_bad_ce_time_is_undecodable()
    {
        var message = KafkaSamples.BinaryRecord(KafkaSamples.ValidPaymentJson, without: CloudEventHeaders.Time);
        message.Headers.Add(CloudEventHeaders.Time, Encoding.UTF8.GetBytes("26.11.2026"));
        AssertRejected(message, DeadLetterReasons.Undecodable, CloudEventHeaders.Time);
    }

    [Fact]
    public void A_record_with_a_non_json_content_type_is_undecodable()
    {
        var message = KafkaSamples.BinaryRecord(KafkaSamples.ValidPaymentJson, without: CloudEventHeaders.ContentType);
        message.Headers.Add(CloudEventHeaders.ContentType, Encoding.UTF8.GetBytes("application/avro"));
        AssertRejected(message, DeadLetterReasons.Undecodable, "application/avro");
    }

    [Theory]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/s\",\"type\":\"payments.payment.requested.v1\",\"data\":{")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"payments.payment.requested.v1\",\"data\":{}}")]
    public void A_broken_structured_cloud_event_is_undecodable(string value) =>
        AssertRejected(Structured(value), DeadLetterReasons.Undecodable);

    [Fact]
    public void A_structured_event_with_broken_data_json_names_the_problem() =>
        AssertRejected(Structured("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/s\",\"type\":\"x\",\"data\":{]}"),
            DeadLetterReasons.Undecodable, "not valid JSON");

    [Fact]
    public void A_well_formed_cloud_event_of_another_type_is_an_unknown_type() =>
        AssertRejected(KafkaSamples.BinaryRecord(KafkaSamples.ValidPaymentJson, type: "payments.payment.refunded.v1"),
            DeadLetterReasons.UnknownType, "payments.payment.refunded.v1");

    [Fact]
    public void An_outcome_type_on_the_input_topic_is_an_unknown_type() =>
        AssertRejected(OutcomeMessages.ToMessage(Samples.Confirmed), DeadLetterReasons.UnknownType, EventTypes.PaymentConfirmed);

    [Fact]
    public void A_structured_event_of_another_type_is_an_unknown_type() =>
        AssertRejected(Structured("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/s\",\"type\":\"other.v1\",\"data\":{}}"),
            DeadLetterReasons.UnknownType, "other.v1");

    [Fact]
    public void A_record_bigger_than_64_KiB_is_oversize()
    {
        var padded = KafkaSamples.PaymentWith("padding", $"\"{new string('x', 64 * 1024)}\"");
        AssertRejected(KafkaSamples.BinaryRecord(padded), DeadLetterReasons.Oversize, "65536");
    }

    [Fact]
    public void The_maximum_record_size_is_configurable()
    {
        var decoder = new KafkaCloudEventDecoder(new CloudEventDecoderOptions { MaxRecordBytes = 100 });
        var result = decoder.Decode(KafkaSamples.BinaryRecord(KafkaSamples.ValidPaymentJson));
        Assert.Equal(DeadLetterReasons.Oversize, result.Rejection?.Reason);
    }

    private static Message<string, byte[]> Structured(string value) => new()
    {
        Key = "acc-1",
        Value = Encoding.UTF8.GetBytes(value),
        Headers = new Headers { { "content-type", "application/cloudevents+json; charset=utf-8"u8.ToArray() } },
    };
}
