using System.Text;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Validation;
using Confluent.Kafka;

namespace Akka.Payments.Node.Kafka.DeadLetters;

/// <summary>
/// Builds the <see cref="Topics.DeadLetters"/> record for a rejected record: the same key, value bytes and headers,
/// untouched so that a replay sends exactly what arrived, plus <see cref="DeadLetterHeaders"/>.
/// A dead letter always fits: when the original and the <c>dlq_*</c> headers together exceed
/// <see cref="MaxDeadLetterBytes"/>, the value is cut, long keys and headers are dropped, and
/// <c>dlq_truncated</c>, <c>dlq_original_bytes</c> and <c>dlq_dropped_headers</c> say so; <c>dlq_source</c> says where
/// the whole original is.
/// </summary>
public static class DeadLetterMessages
{
    /// <summary>Longer errors are cut, so that a huge parser message cannot make the DLQ record itself oversize.</summary>
    public const int MaxErrorLength = 1024;

    /// <summary>
    /// The largest dead letter (key + value + headers), well under Kafka's default <c>message.max.bytes</c> of
    /// 1 MB, whatever <c>Payments:Stream:MaxRecordBytes</c> lets in.
    /// </summary>
    public const int MaxDeadLetterBytes = 256 * 1024;

    /// <summary>In a truncated dead letter, original headers are kept while they fit in this many bytes in all.</summary>
    public const int MaxKeptHeaderBytes = InputLimits.MaxHeaderBytes;

    /// <summary>In a truncated dead letter, a key longer than this (UTF-8 bytes) is cut to it.</summary>
    public const int MaxKeptKeyBytes = 1024;

    public static Message<string, byte[]> Build(ConsumeResult<string, byte[]> record, Rejection rejection, DateTimeOffset now) =>
        Build(record.Message, record.TopicPartitionOffset, rejection, now);

    public static Message<string, byte[]> Build(
        Message<string, byte[]> original, TopicPartitionOffset source, Rejection rejection, DateTimeOffset now)
    {
        var error = rejection.Error.Length <= MaxErrorLength ? rejection.Error : rejection.Error[..MaxErrorLength] + "...";
        var dlq = new Headers
        {
            { DeadLetterHeaders.ReasonHeader, Encoding.UTF8.GetBytes(rejection.Reason) },
            { DeadLetterHeaders.ErrorHeader, Encoding.UTF8.GetBytes(error) },
            { DeadLetterHeaders.SourceHeader, Encoding.UTF8.GetBytes($"{source.Topic}/{source.Partition.Value}/{source.Offset.Value}") },
            { DeadLetterHeaders.TimeHeader, Encoding.UTF8.GetBytes(Rfc3339.Format(now)) },
        };
        var value = original.Value ?? [];
        var keyBytes = original.Key is null ? 0 : Encoding.UTF8.GetByteCount(original.Key);
        var originalBytes = keyBytes + (long)value.Length + SizeOf(original.Headers);
        if (originalBytes + SizeOf(dlq) <= MaxDeadLetterBytes)
            return new Message<string, byte[]> { Key = original.Key!, Value = original.Value!, Headers = Concat(original.Headers, dlq) };

        return Truncated(original, value, dlq, originalBytes);
    }

    private static Message<string, byte[]> Truncated(Message<string, byte[]> original, byte[] value, Headers dlq, long originalBytes)
    {
        var key = original.Key is { } k && Encoding.UTF8.GetByteCount(k) > MaxKeptKeyBytes ? CutUtf8(k, MaxKeptKeyBytes) : original.Key;
        var headers = new Headers();
        var kept = 0L;
        var dropped = 0;
        if (original.Headers is not null)
        {
            for (var i = 0; i < original.Headers.Count; i++)
            {
                var header = original.Headers[i];
                var size = SizeOf(header);
                if (kept + size > MaxKeptHeaderBytes || headers.Count >= InputLimits.MaxHeaderCount)
                {
                    dropped++;
                    continue;
                }
                headers.Add(header.Key, header.GetValueBytes());
                kept += size;
            }
        }
        dlq.Add(DeadLetterHeaders.TruncatedHeader, "true"u8.ToArray());
        dlq.Add(DeadLetterHeaders.OriginalBytesHeader, Encoding.UTF8.GetBytes(originalBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (dropped > 0)
            dlq.Add(DeadLetterHeaders.DroppedHeadersHeader, Encoding.UTF8.GetBytes(dropped.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var all = Concat(headers, dlq);
        var room = MaxDeadLetterBytes - SizeOf(all) - (key is null ? 0 : Encoding.UTF8.GetByteCount(key));
        var cut = value.Length <= room ? value : value.AsSpan(0, (int)Math.Max(0, room)).ToArray();
        return new Message<string, byte[]> { Key = key!, Value = cut, Headers = all };
    }

    /// <summary>Bytes a set of headers takes: names (UTF-8) plus values.</summary>
    public static long SizeOf(Headers? headers)
    {
        if (headers is null) return 0;
        long size = 0;
        for (var i = 0; i < headers.Count; i++) size += SizeOf(headers[i]);
        return size;
    }

    private static long SizeOf(IHeader header) => Encoding.UTF8.GetByteCount(header.Key) + (header.GetValueBytes()?.Length ?? 0);

    private static Headers Concat(Headers? first, Headers second)
    {
        var headers = new Headers();
        if (first is not null)
            for (var i = 0; i < first.Count; i++) headers.Add(first[i].Key, first[i].GetValueBytes());
        for (var i = 0; i < second.Count; i++) headers.Add(second[i].Key, second[i].GetValueBytes());
        return headers;
    }

    /// <summary>The longest prefix of <paramref name="text"/> whose UTF-8 form fits in <paramref name="maxBytes"/>, whole characters only.</summary>
    private static string CutUtf8(string text, int maxBytes)
    {
        var bytes = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes) break;
            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }
        return text[..end];
    }
}
