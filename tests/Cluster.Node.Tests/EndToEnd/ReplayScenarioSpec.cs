using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>The replay scenario is worth replaying: most payments are charged, and every rule has its say.</summary>
public sealed class ReplayScenarioSpec(ITestOutputHelper output)
{
    [Fact]
    public void The_hot_account_history_is_mostly_confirmed_with_every_decline_reason_and_outgrows_the_dedup_window()
    {
        var scenario = ReplayScenario.Default;
        var decided = scenario.Model.Decided.Values.ToList();
        var mix = decided.GroupBy(o => o.Reason ?? o.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine(string.Join(", ", mix));

        var payments = scenario.Inputs.OfType<PaymentRequested>().ToList();
        Assert.Equal(5_000, payments.Count);
        Assert.Equal(payments.Count, payments.Select(p => p.PaymentId).Distinct().Count());
        Assert.True(decided.Count(o => o.Kind == "confirmed") > payments.Count / 2, "most payments should be charged");
        foreach (var reason in new[]
                 {
                     DeclineReasons.AmountOverLimit, DeclineReasons.VelocityExceeded, DeclineReasons.DailyLimitExceeded,
                     DeclineReasons.InsufficientFunds, DeclineReasons.CurrencyNotAllowed,
                 })
            Assert.Contains(decided, o => o.Reason == reason);
        Assert.True(scenario.Inputs.Count > 4 * ReplayScenario.DedupWindow, "the history must outgrow the dedup window several times");

        // The replay differs from the originals in the CloudEvent id alone.
        for (var i = 0; i < scenario.Originals.Count; i++)
        {
            var (original, replayed) = (scenario.Originals[i], scenario.Replay[i]);
            Assert.Equal(original.Key, replayed.Key);
            Assert.Equal(original.Value, replayed.Value);
            var differing = original.Headers.Zip(replayed.Headers, (a, b) => (A: a, B: b))
                .Where(h => h.A.Key != h.B.Key || !h.A.GetValueBytes().SequenceEqual(h.B.GetValueBytes()))
                .Select(h => h.A.Key);
            Assert.Equal([CloudEventHeaders.Id], differing);
        }
    }
}
