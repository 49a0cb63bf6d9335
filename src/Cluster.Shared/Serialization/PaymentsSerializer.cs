using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Akka.Payments.Shared.Serialization;

/// <summary>
/// Serializes every message that crosses the wire or enters the journal (see <see cref="PaymentsManifests"/>) as
/// source-generated System.Text.Json with a versioned string manifest. Bound by <see cref="PaymentsSerialization"/>.
/// </summary>
public sealed class PaymentsSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Fixed forever: it is stored next to every journal event.</summary>
    public const int SerializerId = 1701;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => Lookup(o).Manifest;

    public override byte[] ToBinary(object obj) => Write(Lookup(obj), obj);

    /// <summary>The bytes and manifest this serializer stores for <paramref name="obj"/>, without an ActorSystem
    /// (for tools that write journal rows themselves, such as the benchmark's baseline).</summary>
    public static (string Manifest, byte[] Bytes) Encode(object obj)
    {
        var entry = Lookup(obj);
        return (entry.Manifest, Write(entry, obj));
    }

    public override object FromBinary(byte[] bytes, string manifest) => Decode(manifest, bytes);

    /// <summary>The value this serializer stored as <paramref name="bytes"/> under <paramref name="manifest"/>, without
    /// an ActorSystem (the counterpart of <see cref="Encode"/>).</summary>
    public static object Decode(string manifest, byte[] bytes)
    {
        if (!PaymentsManifests.ByManifest.TryGetValue(manifest, out var entry))
            throw new SerializationException($"{nameof(PaymentsSerializer)} does not know the manifest '{manifest}'.");
        return (entry.Layout is { } layout ? layout.Read(bytes, entry.TypeInfo) : JsonSerializer.Deserialize(bytes, entry.TypeInfo))
            ?? throw new SerializationException($"'{manifest}' deserialized to null.");
    }

    private static byte[] Write(PaymentsManifests.Entry entry, object obj) =>
        entry.Layout is { } layout ? layout.Write(obj, entry.TypeInfo) : JsonSerializer.SerializeToUtf8Bytes(obj, entry.TypeInfo);

    private static PaymentsManifests.Entry Lookup(object o) =>
        PaymentsManifests.ByType.TryGetValue(o.GetType(), out var entry)
            ? entry
            : throw new ArgumentException($"{nameof(PaymentsSerializer)} cannot serialize {o.GetType()}.", nameof(o));
}
