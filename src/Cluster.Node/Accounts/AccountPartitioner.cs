using System.IO.Hashing;
using System.Text;

namespace Akka.Payments.Node.Accounts;

/// <summary>
/// The Kafka partition that an account's records land in, computed from the account id alone: librdkafka's default
/// partitioner (<c>consistent_random</c>, the default of every Confluent client built on it, Confluent.Kafka
/// included) takes the CRC-32 of the key's bytes modulo the partition count, and our records are keyed by account id.
/// </summary>
/// <remarks>
/// A producer with another partitioner (Java's default is murmur2) spreads the same accounts over other partitions.
/// Nothing breaks then, since the shard of an account is still a function of its id alone, but the shard and the
/// partition of an account no longer coincide, so records cross nodes to be decided.
/// </remarks>
public static class AccountPartitioner
{
    public static int PartitionOf(string accountId, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Span<byte> small = stackalloc byte[256];
        var length = Encoding.UTF8.GetByteCount(accountId);
        var bytes = length <= small.Length ? small[..length] : new byte[length];
        Encoding.UTF8.GetBytes(accountId, bytes);
        return (int)(Crc32.HashToUInt32(bytes) % (uint)partitions);
    }
}
