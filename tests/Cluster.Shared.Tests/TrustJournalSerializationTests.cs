using System.Text;
using Akka.Actor;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Shared.Tests;

/// <summary>What the trust plane journals goes through <see cref="PaymentsSerializer"/> and comes back the same:
/// the polymorphic inputs and outbox windows keep their kinds, and nothing computed is stored.</summary>
public sealed class TrustJournalSerializationTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("trust-serialization", PaymentsSerialization.Config);

    private static readonly TrustRecordsCounted Counted = new(
    [
        new TrustInput.Outcome(new RecordPosition(Topics.Processed, 1, 17), "out-1", Samples.Confirmed, Samples.Time),
        new TrustInput.Outcome(new RecordPosition(Topics.Processed, 0, 3), "out-2", Samples.Declined, null),
        new TrustInput.Outcome(new RecordPosition(Topics.Processed, 2, 8), "out-3", Samples.CreditApplied, Samples.Time),
        new TrustInput.DeadLetter(new RecordPosition(Topics.DeadLetters, 0, 9), DeadLetterReasons.Oversize, Samples.Time, "payments.requested/1/5"),
        new TrustInput.Unreadable(new RecordPosition(Topics.Processed, 2, 9), Samples.Time, "no ce_type"),
    ],
        Samples.Time.AddSeconds(1));

    private static TrustWindowSnapshot Window(DateTimeOffset start, int revision) => new(
        start, start.AddMinutes(1), revision, revision > 1,
        new Dictionary<string, CurrencyTotal> { ["EUR"] = new(2, 39.80m) },
        new Dictionary<string, long> { [DeclineReasons.InsufficientFunds] = 1 },
        new Dictionary<string, CurrencyTotal> { ["EUR"] = new(1, 250.75m) },
        new Dictionary<string, long> { [DeadLetterReasons.Oversize] = 1 },
        [new LatencyBucket(1023, 2)], 1100, 0, 1, 0, 0, 1, 0);

    private static readonly TrustPlaneSnapshot Snapshot = new(
        new TrustSnapshot(
            [Window(Samples.WindowClosed.Start, 2), Window(Samples.WindowClosed.End, 0)],
            [Window(Samples.WindowClosed.Start.AddMinutes(-1), 1)],
            Window(Samples.WindowClosed.Start.AddMinutes(-1), 0),
            [new PartitionOffset(Topics.Processed, 1, 18)],
            [new SeenRecord("out-1", Samples.Time)],
            Samples.Time, Samples.WindowClosed.End, Samples.Time, null, false, 1, 2, 3),
        [new PendingWindow(1, Samples.WindowClosed), new PendingWindow(2, Samples.WindowRestated)],
        3);

    [Fact]
    public void Counted_records_round_trip_to_the_same_json_with_each_input_of_its_kind()
    {
        var back = Assert.IsType<TrustRecordsCounted>(RoundTrip(Counted, PaymentsManifests.TrustRecordsCounted));

        Assert.Equal(Json(Counted), Json(back));
        Assert.Equal(Counted.Records.Select(r => r.GetType()), back.Records.Select(r => r.GetType()));
        Assert.Equal(Counted.Records.Select(r => r.At), back.Records.Select(r => r.At));
        Assert.Equal(Counted.Records.Select(r => r.DeduplicationKey), back.Records.Select(r => r.DeduplicationKey));
    }

    [Fact]
    public void A_trust_plane_snapshot_round_trips_to_the_same_json_with_a_closed_and_a_restated_window_in_its_outbox()
    {
        var back = Assert.IsType<TrustPlaneSnapshot>(RoundTrip(Snapshot, PaymentsManifests.TrustPlaneSnapshot));

        Assert.Equal(Json(Snapshot), Json(back));
        Assert.Collection(back.Outbox,
            p => Assert.Equal(Samples.WindowClosed.Revision, Assert.IsType<MetricsWindowClosed>(p.Window).Revision),
            p => Assert.Equal(Samples.WindowRestated.Revision, Assert.IsType<MetricsWindowRestated>(p.Window).Revision));
    }

    /// <summary>50,000 random keys in the trust plane's packing (version byte 2, 24 bytes a key).</summary>
    private static byte[] PackedKeys(int seed)
    {
        var keys = new byte[1 + 24 * 50_000];
        new Random(seed).NextBytes(keys);
        keys[0] = 2;
        return keys;
    }

    [Fact]
    public void A_snapshots_packed_keys_are_stored_after_its_json_as_they_are_not_as_base64_and_come_back_equal()
    {
        var keys = PackedKeys(seed: 5);
        var snapshot = Snapshot with { State = Snapshot.State with { SeenPacked = keys } };
        var serializer = _system.Serialization.FindSerializerFor(snapshot);

        var bytes = serializer.ToBinary(snapshot);
        var back = Assert.IsType<TrustPlaneSnapshot>(_system.Serialization.Deserialize(bytes, serializer.Identifier, PaymentsManifests.TrustPlaneSnapshot));

        var head = PaymentsSerializer.Encode(Snapshot).Bytes; // the same state without keys: the JSON part alone
        Assert.Equal(head.Length + keys.Length, bytes.Length);
        Assert.Equal(keys, bytes[head.Length..]);
        Assert.Equal(keys, back.State.SeenPacked);
        Assert.Equal(Json(Snapshot), Json(back with { State = back.State with { SeenPacked = null } }));
    }

    [Fact]
    public void A_snapshot_composed_with_its_keys_written_in_place_is_stored_as_the_same_snapshot_with_those_keys_and_reads_back_as_it()
    {
        var keys = PackedKeys(seed: 7);
        var snapshot = Snapshot with { State = Snapshot.State with { SeenPacked = keys } };
        var serializer = _system.Serialization.FindSerializerFor(snapshot);

        var stored = StoredTrustPlaneSnapshot.Compose(Snapshot with { State = Snapshot.State with { SeenPacked = [9, 9, 9] } },
            keys.Length, destination => keys.CopyTo(destination));

        Assert.Same(serializer, _system.Serialization.FindSerializerFor(stored));
        Assert.Equal(PaymentsManifests.TrustPlaneSnapshot, Akka.Serialization.Serialization.ManifestFor(serializer, stored));
        var bytes = serializer.ToBinary(stored);
        Assert.Same(stored.Bytes, bytes); // stored as it is, not copied again
        Assert.Equal(serializer.ToBinary(snapshot), bytes);
        var back = Assert.IsType<TrustPlaneSnapshot>(_system.Serialization.Deserialize(bytes, serializer.Identifier, PaymentsManifests.TrustPlaneSnapshot));
        Assert.Equal(keys, back.State.SeenPacked);
        Assert.Equal(Json(Snapshot), Json(back with { State = back.State with { SeenPacked = null } }));
    }

    [Fact]
    public void Composing_a_snapshot_allocates_its_keys_once()
    {
        const int keyBytes = 24 << 20;
        StoredTrustPlaneSnapshot.Compose(Snapshot, 1, destination => destination.Clear()); // the JSON writer's first use

        var before = GC.GetAllocatedBytesForCurrentThread();
        var stored = StoredTrustPlaneSnapshot.Compose(Snapshot, keyBytes, destination => destination.Fill(1));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(keyBytes, stored.Bytes.Length - PaymentsSerializer.Encode(Snapshot).Bytes.Length);
        Assert.InRange(allocated, keyBytes, keyBytes + 256 * 1024);
    }

    [Fact]
    public void A_snapshot_without_packed_keys_comes_back_without_them()
    {
        var back = Assert.IsType<TrustPlaneSnapshot>(RoundTrip(Snapshot, PaymentsManifests.TrustPlaneSnapshot));
        Assert.Null(back.State.SeenPacked);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"state\":")]
    [InlineData("\u0002{}")]
    public void A_damaged_snapshot_is_refused(string text)
    {
        var serializer = _system.Serialization.FindSerializerFor(Snapshot);

        Assert.ThrowsAny<System.Text.Json.JsonException>(() => _system.Serialization.Deserialize(Encoding.UTF8.GetBytes(text), serializer.Identifier, PaymentsManifests.TrustPlaneSnapshot));
    }

    [Fact]
    public void Ticks_and_deliveries_round_trip_under_their_manifests()
    {
        Assert.Equal(new TrustTicked(Samples.Time), RoundTrip(new TrustTicked(Samples.Time), PaymentsManifests.TrustTicked));
        Assert.Equal(new TrustWindowsDelivered(42), RoundTrip(new TrustWindowsDelivered(42), PaymentsManifests.TrustWindowsDelivered));
    }

    [Fact]
    public void Computed_properties_of_the_inputs_are_not_stored()
    {
        var json = Json(Counted);

        Assert.DoesNotContain("\"at\"", json);
        Assert.DoesNotContain("deduplicationKey", json);
    }

    private object RoundTrip(object message, string manifest)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<PaymentsSerializer>(serializer);
        Assert.Equal(manifest, Akka.Serialization.Serialization.ManifestFor(serializer, message));
        return _system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }

    private static string Json(object message) => Encoding.UTF8.GetString(PaymentsSerializer.Encode(message).Bytes);

    public void Dispose() => _system.Dispose();
}
