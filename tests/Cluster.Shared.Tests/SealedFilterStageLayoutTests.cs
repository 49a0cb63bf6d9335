using System.Text;
using Akka.Actor;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Tests;

/// <summary>journal.filter-stage-sealed.v1 stores a journaled filter stage's bits after the event's JSON, as they are.</summary>
public sealed class SealedFilterStageLayoutTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("sealed-filter-stage-layout", PaymentsSerialization.Config);

    private static readonly byte[] Bits = Enumerable.Range(0, 4_096).Select(i => (byte)(i * 31)).ToArray();

    private static readonly RequestFilterStageSealed Sealed = new(new DateOnly(2026, 12, 1), 5, new RequestFilterStage(65_536, 65_536, Bits));

    [Fact]
    public void The_stored_bytes_are_the_json_without_bits_then_the_bits_as_they_are()
    {
        var stored = Store(Sealed);

        var head = Encoding.UTF8.GetString(stored, 0, stored.Length - Bits.Length);
        Assert.Equal("""{"day":"2026-12-01","index":5,"stage":{"capacity":65536,"count":65536,"bits":"","sealedAt":null}}""", head);
        Assert.Equal(Bits, stored[^Bits.Length..]);
    }

    [Fact]
    public void A_sealed_stage_reads_back_with_its_bits()
    {
        var back = Assert.IsType<RequestFilterStageSealed>(
            _system.Serialization.Deserialize(Store(Sealed), PaymentsSerializer.SerializerId, PaymentsManifests.RequestFilterStageSealed));

        Assert.Equal((Sealed.Day, Sealed.Index, Sealed.Stage.Capacity, Sealed.Stage.Count), (back.Day, back.Index, back.Stage.Capacity, back.Stage.Count));
        Assert.Equal(Bits, back.Stage.Bits);
    }

    private byte[] Store(RequestFilterStageSealed value)
    {
        var serializer = _system.Serialization.FindSerializerFor(value);
        Assert.Equal(PaymentsManifests.RequestFilterStageSealed, Akka.Serialization.Serialization.ManifestFor(serializer, value));
        return serializer.ToBinary(value);
    }

    public void Dispose() => _system.Dispose();
}
