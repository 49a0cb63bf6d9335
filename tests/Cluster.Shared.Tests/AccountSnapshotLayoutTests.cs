using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Tests;

/// <summary>journal.snapshot.v3 stores an account's filter bits after the snapshot's JSON, as they are, then its packed
/// confirmed times, and refuses stored bytes whose stages or times do not add up; v2 (no times after the stages) is
/// still read.</summary>
public sealed class AccountSnapshotLayoutTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("account-snapshot-layout", PaymentsSerialization.Config);

    private static readonly byte[] FirstBits = Bits(104, seed: 1);
    private static readonly byte[] SecondBits = Bits(3_000, seed: 2);
    private static readonly byte[] ThirdBits = Bits(16, seed: 3);
    private static readonly byte[] Confirmed = PackedTicks.Pack(3, [Samples.Time.UtcTicks, Samples.Time.AddSeconds(1).UtcTicks, Samples.Time.AddSeconds(2).UtcTicks]);
    private static readonly int StageBytes = 3 * sizeof(int) + FirstBits.Length + SecondBits.Length + ThirdBits.Length;

    private static AccountSnapshot Snapshot => new(
        "acc-1",
        new Dictionary<string, decimal> { ["EUR"] = 1230.85m },
        [new DailyTotal("EUR", new DateOnly(2026, 11, 26), 19.90m)],
        [],
        [],
        4_242,
        [
            new RequestFilterDay(new DateOnly(2026, 11, 25), [new RequestFilterStage(64, 64, FirstBits), new RequestFilterStage(256, 17, SecondBits)]),
            new RequestFilterDay(new DateOnly(2026, 11, 26), [new RequestFilterStage(64, 1, ThirdBits)]),
        ],
        0,
        Confirmed);

    [Fact]
    public void The_stored_bytes_are_the_json_without_bits_then_each_stage_as_its_length_and_its_bits_then_the_packed_confirmed_times()
    {
        var stored = Store(Snapshot);

        var json = PaymentsSerializer.Encode(Snapshot with { RequestFilter = null, ConfirmedPacked = null }).Bytes;
        var headLength = stored.Length - (StageBytes + Confirmed.Length);
        var text = Encoding.UTF8.GetString(stored, 0, headLength);
        Assert.EndsWith("}", text);
        Assert.Contains("\"bits\":\"\"", text);
        Assert.DoesNotContain(Convert.ToBase64String(SecondBits)[..16], text);
        Assert.True(json.Length < headLength, "the head carries the filter's days and stages, without their bits");

        var tail = stored.AsSpan(headLength);
        foreach (var bits in new[] { FirstBits, SecondBits, ThirdBits })
        {
            Assert.Equal(bits.Length, BinaryPrimitives.ReadInt32LittleEndian(tail));
            Assert.True(tail.Slice(sizeof(int), bits.Length).SequenceEqual(bits));
            tail = tail[(sizeof(int) + bits.Length)..];
        }
        Assert.Equal(Convert.ToHexString(Confirmed), Convert.ToHexString(tail));
    }

    [Fact]
    public void A_snapshot_reads_back_with_every_stage_and_its_bits_in_place()
    {
        var back = Read(Store(Snapshot));

        Assert.Equal(Snapshot.RequestFilter!.Select(d => d.Day), back.RequestFilter!.Select(d => d.Day));
        Assert.Equal(
            Snapshot.RequestFilter!.SelectMany(d => d.Stages).Select(s => (s.Capacity, s.Count, Convert.ToHexString(s.Bits))),
            back.RequestFilter!.SelectMany(d => d.Stages).Select(s => (s.Capacity, s.Count, Convert.ToHexString(s.Bits))));
        Assert.Equal((Snapshot.EventCount, Snapshot.UnindexedRecent, Snapshot.Balances["EUR"]), (back.EventCount, back.UnindexedRecent, back.Balances["EUR"]));
        Assert.Equal(Confirmed, back.ConfirmedPacked);
    }

    [Fact]
    public void A_snapshot_without_a_filter_or_packed_times_is_its_json_alone_and_reads_back_without_them()
    {
        var plain = Snapshot with { RequestFilter = null, ConfirmedPacked = null, RecentConfirmedAt = [Samples.Time] };

        var stored = Store(plain);

        using (var document = System.Text.Json.JsonDocument.Parse(stored)) Assert.Equal(System.Text.Json.JsonValueKind.Object, document.RootElement.ValueKind);
        var back = Read(stored);
        Assert.Null(back.RequestFilter);
        Assert.Null(back.ConfirmedPacked);
        Assert.Equal([Samples.Time], back.RecentConfirmedAt);
    }

    [Fact]
    public void A_journaled_stage_is_stored_by_its_place_with_no_bits()
    {
        var snapshot = Snapshot with
        {
            RequestFilter = [new RequestFilterDay(new DateOnly(2026, 11, 26), [new RequestFilterStage(1_024, 1_024, [], SealedAt: 77), new RequestFilterStage(4_096, 3, ThirdBits)])],
            ConfirmedPacked = null,
        };

        var stored = Store(snapshot);
        var back = Read(stored);

        var headLength = stored.Length - (2 * sizeof(int) + ThirdBits.Length);
        Assert.EndsWith("}", Encoding.UTF8.GetString(stored, 0, headLength));
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(stored.AsSpan(headLength)));
        Assert.Equal(ThirdBits.Length, BinaryPrimitives.ReadInt32LittleEndian(stored.AsSpan(headLength + sizeof(int))));
        var stages = back.RequestFilter!.Single().Stages;
        Assert.Equal((77L, 0), (stages[0].SealedAt!.Value, stages[0].Bits.Length));
        Assert.Equal(ThirdBits, stages[1].Bits);
    }

    public static TheoryData<string, int> Damage() => new()
    {
        { "the confirmed times cut short", -1 },
        { "a byte after the confirmed times", 1 },
        { "the last stage cut short", -(Confirmed.Length + 5) },
        { "the last stage's length cut off", -(Confirmed.Length + sizeof(int) + 16 + 2) },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void Stored_bytes_whose_stages_do_not_add_up_are_refused_with_the_reason(string damage, int change)
    {
        var stored = Store(Snapshot);
        var damaged = change < 0 ? stored[..(stored.Length + change)] : [.. stored, .. new byte[change]];

        var refused = Assert.Throws<SerializationException>(() => Read(damaged));

        Assert.True(refused.Message.Contains("journal.snapshot.v3", StringComparison.Ordinal), $"{damage}: {refused.Message}");
    }

    [Fact]
    public void A_v2_snapshot_is_still_read_with_its_times_as_json_and_refuses_any_byte_after_its_stages()
    {
        var v2 = Snapshot with { RecentConfirmedAt = [Samples.Time], ConfirmedPacked = null };
        var stored = Store(v2); // the v2 layout: nothing follows the stages

        var back = Read(stored, PaymentsManifests.AccountSnapshotV2);
        Assert.Equal([Samples.Time], back.RecentConfirmedAt);
        Assert.Null(back.ConfirmedPacked);
        Assert.Equal(ThirdBits, back.RequestFilter![1].Stages[0].Bits);

        var refused = Assert.Throws<SerializationException>(() => Read([.. stored, .. Confirmed], PaymentsManifests.AccountSnapshotV2));
        Assert.Contains("journal.snapshot.v2", refused.Message);
        Assert.Contains("follow the last filter stage", refused.Message);
    }

    [Fact]
    public void A_stage_length_beyond_the_stored_bytes_is_refused_instead_of_read()
    {
        var stored = Store(Snapshot);
        var headLength = stored.Length - (StageBytes + Confirmed.Length);
        BinaryPrimitives.WriteInt32LittleEndian(stored.AsSpan(headLength), int.MaxValue);

        var refused = Assert.Throws<SerializationException>(() => Read(stored));

        Assert.Contains("does not fit", refused.Message);
    }

    private byte[] Store(AccountSnapshot snapshot)
    {
        var serializer = _system.Serialization.FindSerializerFor(snapshot);
        Assert.Equal(PaymentsManifests.AccountSnapshot, Akka.Serialization.Serialization.ManifestFor(serializer, snapshot));
        return serializer.ToBinary(snapshot);
    }

    private AccountSnapshot Read(byte[] stored, string manifest = PaymentsManifests.AccountSnapshot) => Assert.IsType<AccountSnapshot>(
        _system.Serialization.Deserialize(stored, PaymentsSerializer.SerializerId, manifest));

    private static byte[] Bits(int length, int seed)
    {
        var bits = new byte[length];
        new Random(seed).NextBytes(bits);
        return bits;
    }

    public void Dispose() => _system.Dispose();
}
