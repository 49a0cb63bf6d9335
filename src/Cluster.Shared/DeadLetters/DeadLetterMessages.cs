using System.Text;
using Akka.Payments.Shared.Validation;
using Confluent.Kafka;

namespace Akka.Payments.Shared.DeadLetters;

/// <summary>
/// Builds the <see cref="Topics.DeadLetters"/> record for a rejected record: the same key, value bytes and headers,
/// untouched so that a replay sends exactly what arrived, plus <see cref="DeadLetterHeaders"/>.
/// </summary>
public static class DeadLetterMessages
{
    /// <summary>Longer errors are cut, so that a huge parser message cannot make the DLQ record itself oversize.</summary>
    public const int MaxErrorLength = 1024;

    public static Message<string, byte[]> Build(ConsumeResult<string, byte[]> record, Rejection rejection, DateTimeOffset now) =>
        Build(record.Message, record.TopicPartitionOffset, rejection, now);

    public static Message<string, byte[]> Build(
        Message<string, byte[]> original, TopicPartitionOffset source, Rejection rejection, DateTimeOffset now)
    {
        var headers = new Headers();
        if (original.Headers is not null)
        {
            foreach (var header in original.Headers) headers.Add(header.Key, header.GetValueBytes());
        }
        var error = rejection.Error.Length <= MaxErrorLength ? rejection.Error : rejection.Error[..MaxErrorLength] + "...";
        headers.Add(DeadLetterHeaders.ReasonHeader, Encoding.UTF8.GetBytes(rejection.Reason));
        headers.Add(DeadLetterHeaders.ErrorHeader, Encoding.UTF8.GetBytes(error));
        headers.Add(DeadLetterHeaders.SourceHeader,
            Encoding.UTF8.GetBytes($"{source.Topic}/{source.Partition.Value}/{source.Offset.Value}"));
        headers.Add(DeadLetterHeaders.TimeHeader, Encoding.UTF8.GetBytes(Rfc3339.Format(now)));
        return new Message<string, byte[]> { Key = original.Key, Value = original.Value, Headers = headers };
    }
}
