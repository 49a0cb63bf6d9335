using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Akka.Payments.Shared.Serialization;

/// <summary>How the bytes of a manifest are laid out when they are more than one JSON document (see
/// <see cref="PaymentsManifests.Entry"/>); the JSON part uses the entry's type info.</summary>
/// <remarks>The layouts here are a JSON head followed by raw bytes: the head ends where its top-level object closes.</remarks>
internal abstract class PayloadLayout
{
    public abstract byte[] Write(object value, JsonTypeInfo typeInfo);

    public abstract object Read(byte[] bytes, JsonTypeInfo typeInfo);

    /// <summary><paramref name="head"/> followed by <paramref name="tailLength"/> bytes that <paramref name="writeTail"/>
    /// writes: one array, nothing copied but the (small) head.</summary>
    protected static byte[] WithTail(byte[] head, int tailLength, Action<Span<byte>> writeTail)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked(head.Length + tailLength));
        head.CopyTo(bytes, 0);
        writeTail(bytes.AsSpan(head.Length));
        return bytes;
    }

    /// <summary>The JSON document at the start of <paramref name="bytes"/>, and where it ends.</summary>
    protected static T ReadHead<T>(byte[] bytes, JsonTypeInfo typeInfo, string manifest, out int headLength) where T : class
    {
        var reader = new Utf8JsonReader(bytes);
        var value = (T?)JsonSerializer.Deserialize(ref reader, typeInfo) ?? throw new SerializationException($"'{manifest}' deserialized to null.");
        headLength = checked((int)reader.BytesConsumed);
        return value;
    }
}
