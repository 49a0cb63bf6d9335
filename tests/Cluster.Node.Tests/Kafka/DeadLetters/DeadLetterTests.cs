using System.Text;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Node.Tests.Kafka.CloudEvents;
using Akka.Payments.Shared;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Tests;
using Akka.Payments.Shared.Validation;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Kafka.DeadLetters;

public class DeadLetterTests
{
    private static readonly TopicPartitionOffset Source = new(Topics.Requested, new Partition(3), new Offset(42));

    [Fact]
    public void A_dead_letter_keeps_key_value_and_headers_and_adds_the_dlq_headers()
    {
        var original = KafkaSamples.BinaryRecord("not json");
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
            .Select(r => DeadLetterMessages.Build(KafkaSamples.BinaryRecord("{}"), Source, new Rejection(r, "x"), Samples.Time))
            .Select(m => DeadLetterHeaders.ReadReason(m.Headers));

        Assert.Equal(DeadLetterReasons.All, reasons);
    }

    [Fact]
    public void A_record_without_dlq_headers_reads_as_none() =>
        Assert.Null(DeadLetterHeaders.Read(KafkaSamples.BinaryRecord("{}").Headers));

    [Fact]
    public void A_very_long_error_is_cut()
    {
        var dlq = DeadLetterMessages.Build(KafkaSamples.BinaryRecord("{}"), Source, Rejection.Undecodable(new string('e', 5000)), Samples.Time);
        Assert.True(DeadLetterHeaders.Read(dlq.Headers)!.Error.Length <= DeadLetterMessages.MaxErrorLength + 3);
    }

    /// <summary>Key + value + header bytes of a record, as Kafka counts them (before its own framing).</summary>
    internal static long SizeOf(Message<string, byte[]> m) =>
        (m.Key is null ? 0 : Encoding.UTF8.GetByteCount(m.Key)) + (m.Value?.Length ?? 0) + DeadLetterMessages.SizeOf(m.Headers);

    [Fact]
    public void A_dead_letter_that_fits_is_not_marked_truncated()
    {
        var dlq = DeadLetterMessages.Build(KafkaSamples.BinaryRecord("{}"), Source, Rejection.Undecodable("x"), Samples.Time);
        var read = DeadLetterHeaders.Read(dlq.Headers)!;
        Assert.Equal((false, (long?)null, 0), (read.Truncated, read.OriginalBytes, read.DroppedHeaders));
        Assert.False(dlq.Headers.TryGetLastBytes(DeadLetterHeaders.TruncatedHeader, out _));
    }

    [Fact]
    public void A_dead_letter_of_a_huge_value_carries_a_cut_copy_and_says_how_big_and_where_the_original_is()
    {
        var original = KafkaSamples.BinaryRecord("{}");
        original.Value = Enumerable.Range(0, 2_000_000).Select(i => (byte)i).ToArray();
        var originalBytes = SizeOf(original);

        var dlq = DeadLetterMessages.Build(original, Source, Rejection.Oversize("too big"), Samples.Time);

        Assert.True(SizeOf(dlq) <= DeadLetterMessages.MaxDeadLetterBytes, $"dead letter is {SizeOf(dlq)} bytes");
        Assert.True(dlq.Value.Length > DeadLetterMessages.MaxDeadLetterBytes / 2, "the cut copy should use the room it has");
        Assert.Equal(original.Value.AsSpan(0, dlq.Value.Length).ToArray(), dlq.Value);
        var read = DeadLetterHeaders.Read(dlq.Headers)!;
        Assert.Equal((true, (long?)originalBytes, 0, "payments.requested/3/42", DeadLetterReasons.Oversize),
            (read.Truncated, read.OriginalBytes, read.DroppedHeaders, read.Source, read.Reason));
        Assert.Equal("true", Encoding.UTF8.GetString(dlq.Headers.GetLastBytes("dlq_truncated")));
        Assert.Equal(original.Key, dlq.Key);
        Assert.Equal(original.Headers.Count, dlq.Headers.Count(h => !h.Key.StartsWith("dlq_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Oversized_original_headers_are_dropped_and_counted()
    {
        var original = KafkaSamples.BinaryRecord("{}");
        for (var i = 0; i < 40; i++) original.Headers.Add($"x-big-{i}", new byte[20 * 1024]);

        var dlq = DeadLetterMessages.Build(original, Source, Rejection.Oversize("too many header bytes"), Samples.Time);

        Assert.True(SizeOf(dlq) <= DeadLetterMessages.MaxDeadLetterBytes, $"dead letter is {SizeOf(dlq)} bytes");
        var read = DeadLetterHeaders.Read(dlq.Headers)!;
        Assert.True(read.Truncated);
        Assert.Equal(40, read.DroppedHeaders);
        Assert.Equal("40", Encoding.UTF8.GetString(dlq.Headers.GetLastBytes("dlq_dropped_headers")));
        Assert.Equal(SizeOf(original), read.OriginalBytes);
        Assert.Equal(original.Value, dlq.Value); // the small value still fits whole
        Assert.True(dlq.Headers.TryGetLastBytes("ce_id", out _), "the CloudEvents headers are small and kept");
    }

    [Fact]
    public void A_dead_letter_of_a_huge_key_cuts_the_key_at_a_character_boundary()
    {
        var original = KafkaSamples.BinaryRecord("{}", key: string.Concat(Enumerable.Repeat("ü", 600_000)));

        var dlq = DeadLetterMessages.Build(original, Source, Rejection.Oversize("key"), Samples.Time);

        Assert.True(SizeOf(dlq) <= DeadLetterMessages.MaxDeadLetterBytes, $"dead letter is {SizeOf(dlq)} bytes");
        Assert.True(Encoding.UTF8.GetByteCount(dlq.Key) <= DeadLetterMessages.MaxKeptKeyBytes);
        Assert.StartsWith(dlq.Key, original.Key);
        Assert.All(dlq.Key, c => Assert.Equal('ü', c));
        Assert.True(DeadLetterHeaders.Read(dlq.Headers)!.Truncated);
    }

    [Fact]
    public void A_record_at_the_largest_accepted_size_becomes_a_dead_letter_that_still_fits()
    {
        // The node accepts up to 16 MiB (Payments:Stream:MaxRecordBytes); whatever it lets in, the DLQ record fits.
        var original = KafkaSamples.BinaryRecord("{}");
        original.Value = new byte[16 << 20];
        original.Headers.Add("x-trace", new byte[InputLimits.MaxHeaderBytes]);
        var dlq = DeadLetterMessages.Build(original, Source, Rejection.Undecodable(new string('e', 100_000)), Samples.Time);
        Assert.True(SizeOf(dlq) <= DeadLetterMessages.MaxDeadLetterBytes, $"dead letter is {SizeOf(dlq)} bytes");
    }
}
