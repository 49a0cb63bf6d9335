using Akka.Payments.Shared.Trust;
using System.Text.Json;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared.Events;
using static Akka.Payments.Node.Tests.Trust.TrustRecords;

namespace Akka.Payments.Node.Tests.Trust;

public sealed class TrustSnapshotTests
{
    private static readonly string[] Reasons = [DeclineReasons.InsufficientFunds, DeclineReasons.VelocityExceeded, DeclineReasons.AmountOverLimit];

    /// <summary>A seeded mixed history over several windows: outcomes of every kind, duplicates, late records, dead
    /// letters, records on covered offsets, and ticks; each step is a record or a tick.</summary>
    private static List<Func<TrustState, IReadOnlyList<MetricsWindow>>> History(int seed, int steps)
    {
        var random = new Random(seed);
        var records = new TrustRecords();
        var sent = new List<TrustInput.Outcome>();
        var history = new List<Func<TrustState, IReadOnlyList<MetricsWindow>>>();
        var clock = T0;
        for (var i = 0; i < steps; i++)
        {
            clock += TimeSpan.FromMilliseconds(random.Next(0, 400));
            var at = clock - TimeSpan.FromMilliseconds(random.Next(0, random.Next(10) == 0 ? 90_000 : 5_000));
            var latency = TimeSpan.FromMicroseconds(random.Next(100, 3_000_000));
            TrustInput input = random.Next(20) switch
            {
                0 when sent.Count > 0 => records.Again(sent[random.Next(sent.Count)]),
                1 => records.DeadLetter($"payments.requested/0/{random.Next(200)}", at),
                2 => records.Credit($"c{i}", at, random.Next(1, 1000) / 100m, random.Next(2) == 0 ? "EUR" : "USD"),
                3 or 4 => records.Declined($"p{i}", at, Reasons[random.Next(Reasons.Length)], latency),
                _ => records.Confirmed($"p{i}", at, random.Next(1, 100_000) / 100m, random.Next(3) == 0 ? "USD" : "EUR", latency,
                    partition: random.Next(3)),
            };
            if (input is TrustInput.Outcome outcome) sent.Add(outcome);
            history.Add(state => state.Apply(input));
            if (random.Next(15) == 0)
            {
                var now = clock + TimeSpan.FromSeconds(random.Next(0, 120));
                history.Add(state => state.Tick(now));
            }
            if (random.Next(40) == 0)
            {
                var covered = input.Position with { Offset = input.Position.Offset - random.Next(0, 3) };
                var replay = input is TrustInput.Outcome o ? (TrustInput)(o with { Position = covered, EventId = $"other{i}" }) : input;
                history.Add(state => state.Apply(replay));
            }
        }
        return history;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_state_restored_from_its_json_snapshot_continues_exactly_like_the_original(int seed)
    {
        var history = History(seed, 3_000);
        var original = new TrustState();
        var half = history.Count / 2;
        foreach (var step in history.Take(half)) step(original);

        var json = Json(original.ToSnapshot());
        var restored = TrustState.FromSnapshot(JsonSerializer.Deserialize<TrustSnapshot>(json)!);
        Assert.Equal(json, Json(restored.ToSnapshot()));

        var fromOriginal = history.Skip(half).SelectMany(step => step(original)).ToList();
        var fromRestored = history.Skip(half).SelectMany(step => step(restored)).ToList();

        Assert.NotEmpty(fromOriginal);
        Assert.Contains(fromOriginal, w => w.IsRestatement);
        Assert.Equal(Json(fromOriginal), Json(fromRestored));
        Assert.Equal(Json(original.ToSnapshot()), Json(restored.ToSnapshot()));
        Assert.Equal(Json(original.Windows), Json(restored.Windows));
    }

    [Fact]
    public void A_snapshot_keeps_the_latency_histogram_so_the_percentiles_survive()
    {
        var state = new TrustState();
        var records = new TrustRecords();
        for (var i = 1; i <= 1_000; i++) state.Apply(records.Confirmed($"p{i}", T0, latency: TimeSpan.FromMicroseconds(i * 1_237)));

        var restored = TrustState.FromSnapshot(JsonSerializer.Deserialize<TrustSnapshot>(Json(state.ToSnapshot()))!);

        Assert.Equal(state.Windows[0].Latency, restored.Windows[0].Latency);
        Assert.Equal(1_000, restored.Windows[0].Latency.Count);
    }

    [Fact]
    public void A_snapshot_from_before_ids_were_hashed_still_recognises_a_re_emitted_outcome()
    {
        var records = new TrustRecords();
        var first = records.Confirmed("p1", T0);
        var state = new TrustState();
        state.Apply(first);
        var legacy = state.ToSnapshot() with { Seen = [new SeenRecord(first.EventId, first.At)], SeenPacked = null };

        var restored = TrustState.FromSnapshot(JsonSerializer.Deserialize<TrustSnapshot>(Json(legacy))!);
        restored.Apply(records.Again(first));

        Assert.Equal(1, restored.Windows[0].Quality.DuplicateOutcomes);
        Assert.Equal(1, restored.Windows[0].Outcomes);
    }
}
