using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Trust;

/// <summary>
/// A <see cref="TrustPlaneSnapshot"/> already in its stored form (<see cref="PaymentsManifests.TrustPlaneSnapshot"/>):
/// what the trust plane hands its snapshot store, so that the remembered keys, tens of MB at a full horizon, are
/// written once, straight into the bytes that are stored. The serializer stores these bytes as they are; reading them
/// gives back a <see cref="TrustPlaneSnapshot"/>.
/// </summary>
public sealed class StoredTrustPlaneSnapshot
{
    private StoredTrustPlaneSnapshot(byte[] bytes) => Bytes = bytes;

    /// <summary>The stored bytes: the JSON of the snapshot without its keys, then the keys' packed bytes.</summary>
    public byte[] Bytes { get; }

    /// <summary>
    /// The snapshot <paramref name="withoutKeys"/> (its <see cref="TrustSnapshot.SeenPacked"/> is ignored) with
    /// <paramref name="keyBytes"/> bytes of packed keys, which <paramref name="writeKeys"/> writes into the result.
    /// </summary>
    public static StoredTrustPlaneSnapshot Compose(TrustPlaneSnapshot withoutKeys, int keyBytes, Action<Span<byte>> writeKeys) =>
        new(TrustSnapshotLayout.Compose(withoutKeys, keyBytes, writeKeys));
}
