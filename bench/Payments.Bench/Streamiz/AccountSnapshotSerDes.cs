using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Serialization;
using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;

namespace Akka.Payments.Bench.Streamiz;

/// <summary>How the account store holds an account: its <see cref="AccountSnapshot"/>, in the bytes the node's
/// snapshots use (<see cref="PaymentsSerializer"/>, <c>journal.snapshot.v2</c>), so RocksDB and the changelog topic
/// carry what our snapshot store would.</summary>
public sealed class AccountSnapshotSerDes : AbstractSerDes<AccountSnapshot>
{
    public override byte[] Serialize(AccountSnapshot data, SerializationContext context) =>
        PaymentsSerializer.Encode(data).Bytes;

    public override AccountSnapshot Deserialize(byte[] data, SerializationContext context) =>
        data is null ? null! : (AccountSnapshot)PaymentsSerializer.Decode(PaymentsManifests.AccountSnapshot, data);
}
