using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Payments.Shared.Accounts;

namespace Akka.Payments.Shared.Serialization;

/// <summary>
/// An account's snapshot as JSON whose filter stages carry no bits, followed by each stage's bits in the order of the
/// JSON (days, then stages), each as a 4-byte little-endian length and the bytes as they are; since
/// journal.snapshot.v3, followed by the confirmed payments' times packed (<see cref="AccountSnapshot.ConfirmedPacked"/>,
/// as they are), if the snapshot has them. The JSON ends where its top-level object closes.
/// </summary>
/// <remarks>
/// In v1 the bits were JSON base64 strings: a third more bytes, written through the JSON writer's pooled buffers and
/// decoded into another copy when read. An account's filter grows with its requests within the retention (megabytes
/// for a busy account), and it is written into every snapshot. In v1 and v2 the confirmed times are JSON text (about
/// 35 bytes each), and a busy account confirms tens of thousands a day.
/// </remarks>
/// <param name="manifest">The manifest these bytes are stored under, for the errors.</param>
/// <param name="confirmedAfterStages">Whether the packed confirmed times may follow the stages (v3), or nothing may (v2,
/// read only: never written).</param>
internal sealed class AccountSnapshotLayout(string manifest, bool confirmedAfterStages) : PayloadLayout
{
    private const int LengthBytes = sizeof(int);

    public override byte[] Write(object value, JsonTypeInfo typeInfo)
    {
        var snapshot = (AccountSnapshot)value;
        var stages = Stages(snapshot).ToList();
        var confirmed = snapshot.ConfirmedPacked ?? [];
        var head = JsonSerializer.SerializeToUtf8Bytes(snapshot with
        {
            RequestFilter = snapshot.RequestFilter?.Select(d => d with { Stages = d.Stages.Select(s => s with { Bits = [] }).ToList() }).ToList(),
            ConfirmedPacked = null,
        }, typeInfo);
        return WithTail(head, stages.Sum(s => LengthBytes + s.Bits.Length) + confirmed.Length, tail =>
        {
            foreach (var stage in stages)
            {
                BinaryPrimitives.WriteInt32LittleEndian(tail, stage.Bits.Length);
                stage.Bits.CopyTo(tail[LengthBytes..]);
                tail = tail[(LengthBytes + stage.Bits.Length)..];
            }
            confirmed.CopyTo(tail);
        });
    }

    public override object Read(byte[] bytes, JsonTypeInfo typeInfo)
    {
        var snapshot = ReadHead<AccountSnapshot>(bytes, typeInfo, manifest, out var at);
        List<RequestFilterDay>? filter = null;
        if (snapshot.RequestFilter is { } days)
        {
            filter = new List<RequestFilterDay>(days.Count);
            foreach (var day in days)
            {
                var stages = new List<RequestFilterStage>(day.Stages.Count);
                foreach (var stage in day.Stages) stages.Add(stage with { Bits = NextBits(bytes, ref at) });
                filter.Add(day with { Stages = stages });
            }
        }
        var rest = bytes.AsSpan(at);
        if (rest.IsEmpty) return snapshot with { RequestFilter = filter, ConfirmedPacked = null };
        if (!confirmedAfterStages) throw Broken($"{rest.Length} bytes follow the last filter stage");
        try
        {
            PackedTicks.Read(rest, DateTimeOffset.MaxValue.UtcTicks);
        }
        catch (FormatException e)
        {
            throw Broken($"the confirmed times after the last filter stage are not valid: {e.Message}");
        }
        return snapshot with { RequestFilter = filter, ConfirmedPacked = rest.ToArray() };
    }

    private static IEnumerable<RequestFilterStage> Stages(AccountSnapshot snapshot) =>
        (snapshot.RequestFilter ?? []).SelectMany(d => d.Stages);

    private byte[] NextBits(byte[] bytes, ref int at)
    {
        if (bytes.Length - at < LengthBytes) throw Broken($"a filter stage's length is missing at byte {at}");
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
        if (length < 0 || length > bytes.Length - at - LengthBytes)
            throw Broken($"a filter stage of {length} bytes at byte {at} does not fit the {bytes.Length} stored");
        var bits = bytes.AsSpan(at + LengthBytes, length).ToArray();
        at += LengthBytes + length;
        return bits;
    }

    private SerializationException Broken(string why) =>
        new($"'{manifest}' is not a valid account snapshot: {why}.");
}
