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
        return WithTail(head, bits.Length, bits.CopyTo);
    }

    public override object Read(byte[] bytes, JsonTypeInfo typeInfo)
    {
        var sealedStage = ReadHead<RequestFilterStageSealed>(bytes, typeInfo, PaymentsManifests.RequestFilterStageSealed, out var headLength);
        var bits = bytes.AsSpan(headLength).ToArray();
        return sealedStage with { Stage = sealedStage.Stage with { Bits = bits } };
    }
}
