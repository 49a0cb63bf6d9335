using Akka.Payments.Shared.Trust;
using System.Text.Json;
using Akka.Payments.Node.Trust;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Akka.Payments.Node.Tests.Trust.TrustRecords;

namespace Akka.Payments.Node.Tests.Trust;

public sealed class TrustStateProperties
{
    private static readonly string[] Currencies = ["EUR", "USD", "JPY"];
    private static readonly string[] Declines = [DeclineReasons.InsufficientFunds, DeclineReasons.VelocityExceeded, DeclineReasons.CountryBlocked];
    private static readonly string[] DeadLetterKinds = [DeadLetterReasons.Undecodable, DeadLetterReasons.SchemaViolation];
    private static readonly TimeSpan Sla = TimeSpan.FromSeconds(2);

    /// <summary>One distinct fact: an outcome (kind 0 confirmed, 1 declined, 2 credit) or a dead letter (kind 3),
    /// read <see cref="Copies"/> times. Times spread over five minutes, inside the default ten-minute horizon.</summary>
    public sealed record Fact(int Kind, int Cents, int Index, int MillisAfterT0, int LatencyMicros, bool HasInputTime, int Copies);

    /// <summary>The facts, and a seed for the order they are read in, the partitions and the ticks between them.</summary>
    public sealed record Case(Fact[] Facts, int OrderSeed);

    private static Gen<Fact> FactGen =>
        from kind in Gen.Frequency((5, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)))
        from cents in Gen.Choose(1, 10_000_000)
        from index in Gen.Choose(0, 2)
        from millis in Gen.Choose(0, 300_000)
        from latency in Gen.Frequency((4, Gen.Choose(0, 2_500_000)), (1, Gen.Choose(2_000_000, 600_000_000)))
        from hasInputTime in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        from copies in Gen.Frequency((6, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Choose(3, 5)))
        select new Fact(kind, cents, index, millis, latency, hasInputTime, copies);

    public static Arbitrary<Case> Cases() =>
        Arb.From(from facts in Gen.ArrayOf(FactGen) from seed in Gen.Choose(0, int.MaxValue) select new Case(facts, seed));

    private static DateTimeOffset At(Fact f) => T0 + TimeSpan.FromMilliseconds(f.MillisAfterT0);

    /// <summary>Fact <paramref name="id"/> as a record at <paramref name="position"/>; every copy is the same record.</summary>
    private static TrustInput Input(Fact f, int id, RecordPosition position)
    {
        var at = At(f);
        DateTimeOffset? inputTime = f.HasInputTime ? at - TimeSpan.FromMicroseconds(f.LatencyMicros) : null;
        var amount = f.Cents / 100m;
        IOutcomeEvent outcome = f.Kind switch
        {
            0 => new PaymentConfirmed($"p{id}", "acc", amount, Currencies[f.Index], 0m, 1, "in", "s", at),
            1 => new PaymentDeclined($"p{id}", "acc", amount, "EUR", Declines[f.Index], 1, "in", "s", at),
            2 => new CreditApplied($"c{id}", "acc", amount, Currencies[f.Index], 0m, "in", "s", at),
            _ => null!,
        };
        return f.Kind == 3
            ? new TrustInput.DeadLetter(position with { Topic = Topics.DeadLetters }, DeadLetterKinds[f.Index % 2], at, $"payments.requested/0/{id}")
            : new TrustInput.Outcome(position, $"ce-{id}", outcome, inputTime);
    }

    /// <summary>Reads every copy of every fact in the order the seed gives (or in time order when it is null), with
    /// ticks in between, then lets the wall clock close everything; returns the latest revision of each window.</summary>
    private static Dictionary<DateTimeOffset, MetricsWindow> Run(Fact[] facts, int? seed)
    {
        var random = new Random(seed ?? 0);
        var copies = facts.SelectMany((f, id) => Enumerable.Repeat((Fact: f, Id: id), f.Copies)).ToList();
        if (seed is null) copies = copies.OrderBy(c => At(c.Fact)).ThenBy(c => c.Id).ToList();
        else random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(copies));

        var state = new TrustState(new TrustSettings { Sla = Sla });
        var latest = new Dictionary<DateTimeOffset, MetricsWindow>();
        void Publish(IEnumerable<MetricsWindow> windows)
        {
            foreach (var w in windows)
            {
                Assert.True(w.Revision == (latest.TryGetValue(w.Start, out var before) ? before.Revision + 1 : 1),
                    $"window {w.Start:O} published revision {w.Revision} after {before?.Revision}");
                latest[w.Start] = w;
            }
        }
        var offsets = new long[4];
        foreach (var (fact, id) in copies)
        {
            var partition = random.Next(offsets.Length);
            Publish(state.Apply(Input(fact, id, new RecordPosition(Topics.Processed, partition, offsets[partition]++))));
            if (seed is null || random.Next(10) != 0) continue;
            var now = At(fact) + TimeSpan.FromSeconds(random.Next(0, 90));
            Publish(state.Tick(now));
            if (random.Next(2) == 0) Publish(state.Tick(now + TimeSpan.FromSeconds(30))); // quiet since: an idle close
        }
        var end = T0 + TimeSpan.FromDays(1);
        Publish(state.Tick(end));
        Publish(state.Tick(end + TimeSpan.FromHours(1)));

        Assert.Empty(state.Tick(end + TimeSpan.FromHours(2)));
        Assert.All(state.Windows, w => Assert.Equal(Json(latest[w.Start]), Json(w)));
        return latest;
    }

    private static string Json(MetricsWindow value) => JsonSerializer.Serialize(value, value.GetType()); // no type: a restatement has the figures of its close

    /// <summary>What a window holds apart from how it got there (its revision and how many records came late).</summary>
    private static string Figures(MetricsWindow w) => Json(w with { Revision = 0, Quality = w.Quality with { LateRecords = 0 } });

    [Property(Arbitrary = [typeof(TrustStateProperties)], MaxTest = 200)]
    public void Any_order_of_the_same_records_gives_the_same_final_windows_as_a_simple_count(Case c)
    {
        var shuffled = Run(c.Facts, c.OrderSeed);
        var inOrder = Run(c.Facts, null);

        var expected = Expected(c.Facts);
        Assert.Equal(expected.Keys.Order(), shuffled.Keys.Order());
        foreach (var (start, want) in expected) AssertWindow(want, shuffled[start]);
        Assert.Equal(inOrder.Keys.Order(), shuffled.Keys.Order());
        foreach (var start in inOrder.Keys) Assert.Equal(Figures(inOrder[start]), Figures(shuffled[start]));
    }

    /// <summary>The independent count: per window of one minute, the distinct facts and their copies.</summary>
    private sealed record Expectation(List<Fact> Facts);

    private static Dictionary<DateTimeOffset, Expectation> Expected(Fact[] facts) =>
        facts.GroupBy(f => T0 + TimeSpan.FromMinutes(f.MillisAfterT0 / 60_000))
            .ToDictionary(g => g.Key, g => new Expectation(g.ToList()));

    private static void AssertWindow(Expectation e, MetricsWindow w)
    {
        var facts = e.Facts;
        Dictionary<string, CurrencyTotal> Totals(int kind) => facts.Where(f => f.Kind == kind)
            .GroupBy(f => Currencies[f.Index])
            .ToDictionary(g => g.Key, g => new CurrencyTotal(g.Count(), g.Sum(f => f.Cents / 100m)));
        Dictionary<string, long> Count(int kind, string[] names) => facts.Where(f => f.Kind == kind)
            .GroupBy(f => names[f.Kind == 3 ? f.Index % 2 : f.Index]).ToDictionary(g => g.Key, g => (long)g.Count());

        Assert.Equal(Totals(0), w.Confirmed);
        Assert.Equal(Count(1, Declines), w.Declined);
        Assert.Equal(Totals(2), w.Credits);
        Assert.Equal(Count(3, DeadLetterKinds), w.DeadLetters);

        var outcomes = facts.Where(f => f.Kind != 3).ToList();
        var deadLetters = facts.Count - outcomes.Count;
        Assert.Equal(facts.Count == 0 ? 0 : (double)deadLetters / facts.Count, w.Quality.DeadLetterShare, 12);
        Assert.Equal(outcomes.Sum(f => f.Copies - 1), w.Quality.DuplicateOutcomes);
        Assert.Equal(facts.Where(f => f.Kind == 3).Sum(f => f.Copies - 1), w.Quality.DuplicateDeadLetters);
        Assert.Equal(outcomes.Count(f => !f.HasInputTime), w.Quality.WithoutInputTime);

        var latencies = outcomes.Where(f => f.HasInputTime).Select(f => (long)f.LatencyMicros).Order().ToList();
        Assert.Equal(latencies.Count, w.Latency.Count);
        Assert.Equal(latencies.Count(l => l > Sla.Ticks / 10), w.Latency.SlaMisses);
        Assert.Equal(latencies.LastOrDefault(), w.Latency.MaxMicros);
        if (latencies.Count == 0) return;
        foreach (var (percentile, reported) in new[] { (50, w.Latency.P50Micros), (95, w.Latency.P95Micros), (99, w.Latency.P99Micros) })
        {
            // nearest rank, as HdrHistogram counts it; its bucket's top is within 3 significant digits above
            var rank = Math.Max(1, (long)(percentile / 100.0 * latencies.Count + 0.5));
            var exact = latencies[(int)rank - 1];
            Assert.InRange(reported, exact, exact + exact / 1000 + 1);
        }
    }
}
