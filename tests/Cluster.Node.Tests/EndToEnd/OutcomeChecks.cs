using Akka.Payments.Shared;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>What every end-to-end run must end with, whatever happened to the nodes on the way.</summary>
public static class OutcomeChecks
{
    public static ReferenceModel Model(IEnumerable<ScenarioRecord> scenario)
    {
        var model = new ReferenceModel();
        foreach (var record in scenario.Where(r => r.Input is not null)) model.Apply(record.Input!);
        return model;
    }

    /// <summary>Each request has one distinct outcome (a re-emitted one is identical, id included), equal to the
    /// model's decision; and the final balance of every account equals the model's.</summary>
    public static void AssertOutcomesMatch(IReadOnlyList<ScenarioRecord> scenario, TopicReader reader, ReferenceModel model)
    {
        var byRequest = reader.Outcomes
            .GroupBy(o => (o.Outcome.AccountId, o.Outcome.RequestId, o.Outcome is CreditApplied))
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(model.Decided.Keys.OrderBy(k => k).ToList(), byRequest.Keys.OrderBy(k => k).ToList());

        var mismatches = new List<string>();
        foreach (var (key, outcomes) in byRequest)
        {
            var distinct = outcomes.Distinct().ToList();
            if (distinct.Count != 1) mismatches.Add($"{key}: {distinct.Count} different outcomes");
            var (ceId, outcome) = distinct[0];
            if (ceId != OutcomeIds.For(outcome)) mismatches.Add($"{key}: outcome id {ceId} is not deterministic");
            var expected = model.Decided[key];
            if (ReferenceModel.Summarise(outcome) != expected) mismatches.Add($"{key}: expected {expected}, got {ReferenceModel.Summarise(outcome)}");
        }
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches.Take(20)));

        // Final balances: the balance after each account's last applied credit or confirmed payment, per currency.
        var finalBalances = scenario.Where(r => r.Input is not null)
            .Select(r => (r.Input!, Outcome: byRequest[ReferenceModel.KeyOf(r.Input!)][0].Outcome))
            .Where(x => x.Outcome is CreditApplied or PaymentConfirmed)
            .GroupBy(x => (x.Item1.AccountId, Currency(x.Outcome)))
            .ToDictionary(g => g.Key, g => Balance(g.Last().Outcome));
        Assert.Equal(model.Balances.OrderBy(kv => kv.Key), finalBalances.OrderBy(kv => kv.Key));

        Assert.Contains(model.Decided.Values, o => o.Reason == DeclineReasons.VelocityExceeded);
        Assert.Contains(model.Decided.Values, o => o.Reason == DeclineReasons.DailyLimitExceeded);
        Assert.Contains(model.Decided.Values, o => o.Reason == DeclineReasons.InsufficientFunds);
    }

    /// <summary>Every malformed record is in the DLQ with its reason, key and source; nothing valid is.</summary>
    public static void AssertDeadLetters(IReadOnlyList<ScenarioRecord> scenario, TopicReader reader)
    {
        var expected = scenario.Where(r => r.ExpectedDeadLetterReason is not null)
            .ToDictionary(r => r.Message.Key, r => r.ExpectedDeadLetterReason);
        Assert.Equal(expected.Keys.Order(), reader.DeadLetters.Select(d => d.Key).Distinct().Order());
        Assert.All(reader.DeadLetters, d =>
        {
            Assert.Equal(expected[d.Key], d.Reason);
            Assert.StartsWith($"{Topics.Requested}/", d.Headers!.Source);
            Assert.False(string.IsNullOrWhiteSpace(d.Headers.Error));
        });
    }

    private static string Currency(IOutcomeEvent o) => o switch { CreditApplied c => c.Currency, PaymentConfirmed p => p.Currency, _ => "" };

    private static decimal Balance(IOutcomeEvent o) => o switch { CreditApplied c => c.BalanceAfter, PaymentConfirmed p => p.BalanceAfter, _ => 0 };
}
