using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Shared.Serialization;

/// <summary>
/// journal.filter-stage-sealed.v1: the event as JSON whose stage carries no bits, followed directly by the stage's
/// bits as they are (up to hundreds of kilobytes: no base64, no copy through the JSON writer). The JSON ends where its
/// top-level object closes; the rest is the bits.
/// </summary>
internal sealed class SealedFilterStageLayout : PayloadLayout
{
    public override byte[] Write(object value, JsonTypeInfo typeInfo)
    {
        var sealedStage = (RequestFilterStageSealed)value;
        var head = JsonSerializer.SerializeToUtf8Bytes(sealedStage with { Stage = sealedStage.Stage with { Bits = [] } }, typeInfo);
        var bits = sealedStage.Stage.Bits;
        var bytes = GC.AllocateUninitializedArray<byte>(checked(head.Length + bits.Length));
        head.CopyTo(bytes, 0);
        bits.CopyTo(bytes, head.Length);
        return bytes;
    }

    public override object Read(byte[] bytes, JsonTypeInfo typeInfo)
    {
        var reader = new Utf8JsonReader(bytes);
        var sealedStage = (RequestFilterStageSealed?)JsonSerializer.Deserialize(ref reader, typeInfo)
                          ?? throw new SerializationException($"'{PaymentsManifests.RequestFilterStageSealed}' deserialized to null.");
        var bits = bytes.AsSpan(checked((int)reader.BytesConsumed)).ToArray();
        return sealedStage with { Stage = sealedStage.Stage with { Bits = bits } };
    }
}
