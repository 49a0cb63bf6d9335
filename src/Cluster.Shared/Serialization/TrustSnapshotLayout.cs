using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Shared.Serialization;

/// <summary>
/// trust.snapshot.v3: the trust plane's snapshot as JSON without its remembered keys, followed directly by the keys'
/// packed bytes (<see cref="TrustSnapshot.SeenPacked"/>, as they are). The JSON ends where its top-level object closes;
/// the rest, if any, is the keys.
/// </summary>
/// <remarks>
/// In v2 the keys were a JSON base64 string: at a full horizon (over a million keys, tens of MB) the writer grew pooled
/// buffers to twice that, then copied the result, and the reader decoded the base64 into another copy, for each
/// snapshot. Here they are copied once, into the result.
/// </remarks>
internal sealed class TrustSnapshotLayout : PayloadLayout
{
    public override byte[] Write(object value, JsonTypeInfo typeInfo)
    {
        var snapshot = (TrustPlaneSnapshot)value;
        var keys = snapshot.State.SeenPacked ?? [];
        var head = JsonSerializer.SerializeToUtf8Bytes(snapshot with { State = snapshot.State with { SeenPacked = null } }, typeInfo);
        var bytes = new byte[head.Length + keys.Length];
        head.CopyTo(bytes, 0);
        keys.CopyTo(bytes, head.Length);
        return bytes;
    }

    public override object Read(byte[] bytes, JsonTypeInfo typeInfo)
    {
        var reader = new Utf8JsonReader(bytes);
        var snapshot = (TrustPlaneSnapshot?)JsonSerializer.Deserialize(ref reader, typeInfo)
                       ?? throw new SerializationException($"'{PaymentsManifests.TrustPlaneSnapshot}' deserialized to null.");
        var keys = bytes.AsSpan(checked((int)reader.BytesConsumed));
        // The JSON part holds no keys: its seenPacked is empty (the source-generated writer writes a null byte array as "").
        return snapshot with { State = snapshot.State with { SeenPacked = keys.IsEmpty ? null : keys.ToArray() } };
    }
}
