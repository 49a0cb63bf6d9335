using System.Text;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Trust;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Trust;

public sealed class TrustInputsTests
{
    private static readonly DateTimeOffset Processed = new(2026, 11, 26, 12, 0, 1, 250, TimeSpan.Zero);
    private static readonly PaymentConfirmed Confirmed =
        new("p-1", "acc-1", 12.5m, "EUR", 87.5m, 3, "in-1", "payments.requested/2/40", Processed);

    private static ConsumeResult<string, byte[]> Record(string topic, Message<string, byte[]> message, long offset = 7) => new()
    {
        Topic = topic,
        Partition = new Partition(2),
        Offset = new Offset(offset),
        Message = message,
    };

    [Fact]
    public void An_outcome_record_becomes_an_outcome_with_its_ce_id_its_position_and_its_input_time()
    {
        var inputTime = Processed.AddMilliseconds(-40);
        var input = TrustInputs.From(Record(Topics.Processed, OutcomeMessages.ToMessage(Confirmed, inputTime)));

        var outcome = Assert.IsType<TrustInput.Outcome>(input);
        Assert.Equal(new RecordPosition(Topics.Processed, 2, 7), outcome.Position);
        Assert.Equal(OutcomeIds.For(Confirmed), outcome.EventId);
        Assert.Equal(Confirmed, outcome.Event);
        Assert.Equal(inputTime, outcome.InputTime);
    }

    [Fact]
    public void An_outcome_without_ce_inputtime_has_no_input_time_but_still_counts()
    {
        var outcome = Assert.IsType<TrustInput.Outcome>(TrustInputs.From(Record(Topics.Processed, OutcomeMessages.ToMessage(Confirmed))));

        Assert.Null(outcome.InputTime);
    }

    [Fact]
    public void A_dead_letter_becomes_a_dead_letter_with_its_reason_its_time_and_its_source()
    {
        var original = Record(Topics.Requested, new Message<string, byte[]> { Key = "acc-1", Value = "{"u8.ToArray() }, offset: 99);
        var rejectedAt = Processed.AddSeconds(3);
        var deadLetter = DeadLetterMessages.Build(original, new Rejection(DeadLetterReasons.Undecodable, "not JSON"), rejectedAt);

        var input = Assert.IsType<TrustInput.DeadLetter>(TrustInputs.From(Record(Topics.DeadLetters, deadLetter)));

        Assert.Equal(DeadLetterReasons.Undecodable, input.Reason);
        Assert.Equal(rejectedAt, input.At);
        Assert.Equal("payments.requested/2/99", input.Source);
        Assert.Equal(new RecordPosition(Topics.DeadLetters, 2, 7), input.Position);
    }

    public static TheoryData<string, string> Strangers() => new()
    {
        { Topics.Processed, "no headers at all" },
        { Topics.Processed, "an input event on the outcome topic" },
        { Topics.Processed, "an outcome whose data is not JSON" },
        { Topics.Processed, "an outcome without ce_id" },
        { Topics.DeadLetters, "a dead letter without dlq_reason" },
    };

    [Theory]
    [MemberData(nameof(Strangers))]
    public void A_record_that_is_neither_is_unreadable_and_still_covers_its_offset(string topic, string what)
    {
        var message = what switch
        {
            "no headers at all" => new Message<string, byte[]> { Key = "k", Value = [1, 2, 3] },
            "an input event on the outcome topic" => KafkaCloudEventEncoder.Binary(
                new PaymentRequested("p-1", "acc-1", "shop", 1m, "EUR", "DE", Processed), "ev-1", "/test", Processed),
            "an outcome whose data is not JSON" => WithValue(OutcomeMessages.ToMessage(Confirmed), "{{{"u8.ToArray()),
            "an outcome without ce_id" => WithoutHeader(OutcomeMessages.ToMessage(Confirmed), "ce_id"),
            _ => new Message<string, byte[]> { Key = "k", Value = [], Headers = new Headers { { "dlq_source", Encoding.UTF8.GetBytes("x/0/1") } } },
        };

        var input = Assert.IsType<TrustInput.Unreadable>(TrustInputs.From(Record(topic, message)));

        Assert.Equal(new RecordPosition(topic, 2, 7), input.Position);
        Assert.NotEmpty(input.Why);
    }

    private static Message<string, byte[]> WithValue(Message<string, byte[]> message, byte[] value)
    {
        message.Value = value;
        return message;
    }

    private static Message<string, byte[]> WithoutHeader(Message<string, byte[]> message, string header)
    {
        message.Headers.Remove(header);
        return message;
    }
}
