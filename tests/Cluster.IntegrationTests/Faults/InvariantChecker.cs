using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// The one judge of every fault spec. It knows the input (the scenario), an independent sequential model of the
/// documented rules, and what an outside consumer read from <c>payments.processed</c> and <c>payments.dlq</c>; it knows
/// nothing of the code under test. <see cref="Judge"/> is pure; <see cref="FaultRun"/> adds what needs the live cluster
/// (balances through the management endpoint, lag, exit codes).
/// </summary>
public static class InvariantChecker
{
    /// <summary>What was read from the output topics, restricted to the scenario being judged.</summary>
    public sealed record Observed(
        IReadOnlyList<(string CeId, IOutcomeEvent Outcome)> Outcomes,
        IReadOnlyList<(string Key, string? Reason)> DeadLetters);

    public sealed record Judgement(
        int Requests, int Lost, int DoubleApplied, int Wrong, int OutOfOrderAccounts, int DeadLettersMissing, List<string> Failures,
        IReadOnlyDictionary<(string Account, string Currency), decimal> Balances);

    /// <summary>
    /// Every accepted request has an outcome; all outcomes of one request are identical (CloudEvents id and body);
    /// each request's outcome is the model's decision (balance after included, so nothing was applied twice or
    /// skipped); each account's outcomes first appear in the order its requests were given; every malformed record
    /// is dead-lettered with its reason; and nothing outside the scenario answers for one of its accounts.
    /// </summary>
    /// <param name="accepted">The scenario records Kafka acknowledged to the producer (a record it refused was never
    /// accepted, so it cannot be lost).</param>
    public static Judgement Judge(IReadOnlyList<ScenarioRecord> accepted, Observed observed)
    {
        var model = new ReferenceModel();
        var order = new Dictionary<string, List<(string Account, string Id, bool Credit)>>();
        foreach (var input in accepted.Select(r => r.Input).OfType<IInputEvent>())
        {
            var key = ReferenceModel.KeyOf(input);
            if (model.Decided.ContainsKey(key)) continue;
            model.Apply(input);
            (order.TryGetValue(input.AccountId, out var list) ? list : order[input.AccountId] = new()).Add(key);
        }

        var failures = new List<string>();
        var byRequest = new Dictionary<(string Account, string Id, bool Credit), List<(string CeId, IOutcomeEvent Outcome)>>();
        var firstSeen = new Dictionary<string, List<(string Account, string Id, bool Credit)>>();
        foreach (var (ceId, outcome) in observed.Outcomes)
        {
            var key = (outcome.AccountId, outcome.RequestId, outcome is CreditApplied);
            if (!order.ContainsKey(outcome.AccountId)) continue; // another scenario's account
            if (!byRequest.TryGetValue(key, out var seen)) byRequest[key] = seen = new();
            if (seen.Count == 0) (firstSeen.TryGetValue(outcome.AccountId, out var l) ? l : firstSeen[outcome.AccountId] = new()).Add(key);
            seen.Add((ceId, outcome));
        }

        int lost = 0, doubled = 0, wrong = 0, outOfOrder = 0;
        foreach (var (key, expected) in model.Decided)
        {
            if (!byRequest.TryGetValue(key, out var outcomes)) { lost++; Fail($"{Name(key)}: no outcome (lost)"); continue; }
            var distinct = outcomes.Distinct().ToList();
            if (distinct.Count > 1)
            {
                doubled++;
                Fail($"{Name(key)}: {distinct.Count} different outcomes: {string.Join(" / ", distinct.Select(d => $"{d.CeId} {ReferenceModel.Summarise(d.Outcome)}"))}");
            }
            var (ceId, outcome) = distinct[0];
            if (ceId != OutcomeIds.For(outcome)) Fail($"{Name(key)}: outcome id {ceId} is not the deterministic {OutcomeIds.For(outcome)}");
            var actual = ReferenceModel.Summarise(outcome);
            if (actual != expected) { wrong++; Fail($"{Name(key)}: expected {expected}, got {actual}"); }
        }
        foreach (var key in byRequest.Keys.Where(k => !model.Decided.ContainsKey(k)))
            Fail($"{Name(key)}: an outcome for a request that was never accepted");

        foreach (var (account, given) in order)
        {
            var seen = firstSeen.GetValueOrDefault(account) ?? new();
            var expected = given.Where(byRequest.ContainsKey).ToList();
            if (!seen.SequenceEqual(expected))
            {
                outOfOrder++;
                var at = Enumerable.Range(0, Math.Min(seen.Count, expected.Count)).FirstOrDefault(i => seen[i] != expected[i]);
                Fail($"{account}: outcomes out of order at #{at}: expected {Name(expected[at])}, first saw {Name(seen[at])}");
            }
        }

        var expectedDead = accepted.Where(r => r.ExpectedDeadLetterReason is not null).ToDictionary(r => r.Message.Key, r => r.ExpectedDeadLetterReason);
        var dead = observed.DeadLetters.Where(d => expectedDead.ContainsKey(d.Key)).ToList();
        var missing = expectedDead.Keys.Except(dead.Select(d => d.Key)).ToList();
        foreach (var key in missing) Fail($"{key}: malformed record not dead-lettered (lost)");
        foreach (var (key, reason) in dead.Where(d => d.Reason != expectedDead[d.Key]))
            Fail($"{key}: dead-lettered as {reason}, expected {expectedDead[key]}");

        return new Judgement(model.Decided.Count, lost, doubled, wrong, outOfOrder, missing.Count, failures, model.Balances);

        void Fail(string failure) => failures.Add(failure);
    }

    private static string Name((string Account, string Id, bool Credit) key) => $"{key.Account}/{(key.Credit ? "credit" : "payment")} {key.Id}";
}
