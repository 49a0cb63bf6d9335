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
/// snapshot. Here they are copied once, into the result; and the trust plane writes them straight into it
/// (<see cref="StoredTrustPlaneSnapshot"/>), which this layout then stores as it is.
/// </remarks>
internal sealed class TrustSnapshotLayout : PayloadLayout
{
    public override byte[] Write(object value, JsonTypeInfo typeInfo) => value switch
    {
        StoredTrustPlaneSnapshot stored => stored.Bytes,
        _ => Compose((TrustPlaneSnapshot)value),
    };

    private static byte[] Compose(TrustPlaneSnapshot snapshot)
    {
        var keys = snapshot.State.SeenPacked ?? [];
        return Compose(snapshot, keys.Length, keys.CopyTo);
    }

    /// <summary>The JSON of <paramref name="snapshot"/> without its keys, followed by <paramref name="keyBytes"/> bytes
    /// that <paramref name="writeKeys"/> writes: one array, nothing copied but the (small) JSON.</summary>
    public static byte[] Compose(TrustPlaneSnapshot snapshot, int keyBytes, Action<Span<byte>> writeKeys)
    {
        var head = JsonSerializer.SerializeToUtf8Bytes(snapshot with { State = snapshot.State with { SeenPacked = null } },
            PaymentsJsonContext.Default.TrustPlaneSnapshot);
        return WithTail(head, keyBytes, writeKeys);
    }

    public override object Read(byte[] bytes, JsonTypeInfo typeInfo)
    {
        var snapshot = ReadHead<TrustPlaneSnapshot>(bytes, typeInfo, PaymentsManifests.TrustPlaneSnapshot, out var headLength);
        var keys = bytes.AsSpan(headLength);
        // The JSON part holds no keys: its seenPacked is empty (the source-generated writer writes a null byte array as "").
        return snapshot with { State = snapshot.State with { SeenPacked = keys.IsEmpty ? null : keys.ToArray() } };
    }
}
