using System.Text;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Shared.Tests;

public class DeadLetterTests
{
    private static readonly TopicPartitionOffset Source = new(Topics.Requested, new Partition(3), new Offset(42));

    [Fact]
    public void A_dead_letter_keeps_key_value_and_headers_and_adds_the_dlq_headers()
    {
        var original = Samples.BinaryRecord("not json");
        var rejection = Rejection.Undecodable("data is not valid JSON");

        var dlq = DeadLetterMessages.Build(original, Source, rejection, Samples.Time);

        Assert.Equal(original.Key, dlq.Key);
        Assert.Same(original.Value, dlq.Value);
        var originalHeaders = original.Headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes())));
        var kept = dlq.Headers.Take(original.Headers.Count).Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes())));
        Assert.Equal(originalHeaders, kept);
        var read = DeadLetterHeaders.Read(dlq.Headers);
        Assert.Equal(new DeadLetterHeaders(DeadLetterReasons.Undecodable, "data is not valid JSON",
            "payments.requested/3/42", Samples.Time), read);
        Assert.Equal("2026-11-26T14:00:00.123Z", Encoding.UTF8.GetString(dlq.Headers.GetLastBytes("dlq_time")));
    }

    [Fact]
    public void Dead_letters_can_be_counted_by_reason()
    {
        var reasons = DeadLetterReasons.All
            .Select(r => DeadLetterMessages.Build(Samples.BinaryRecord("{}"), Source, new Rejection(r, "x"), Samples.Time))
            .Select(m => DeadLetterHeaders.ReadReason(m.Headers));

        Assert.Equal(DeadLetterReasons.All, reasons);
    }

    [Fact]
    public void A_record_without_dlq_headers_reads_as_none() =>
        Assert.Null(DeadLetterHeaders.Read(Samples.BinaryRecord("{}").Headers));

    [Fact]
    public void A_very_long_error_is_cut()
    {
        var dlq = DeadLetterMessages.Build(Samples.BinaryRecord("{}"), Source, Rejection.Undecodable(new string('e', 5000)), Samples.Time);
        Assert.True(DeadLetterHeaders.Read(dlq.Headers)!.Error.Length <= DeadLetterMessages.MaxErrorLength + 3);
    }
}
