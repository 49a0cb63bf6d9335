using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>
/// What a replayed history must end with: every request's outcomes are its first outcome again, byte for byte, and
/// the account is charged once. <see cref="Examine"/> counts every way this can go wrong, so that a failure says how
/// badly (how many payments were charged twice, for how much), not only that it did.
/// </summary>
public static class ReplayChecks
{
    public sealed record Verdict(IReadOnlyList<string> Problems, string Summary);

    /// <summary>The first outcome of every request, in topic order, is the model's decision under its deterministic id.</summary>
    public static List<string> FirstOutcomesAgainstModel(RawTopicReader reader, ReferenceModel model)
    {
        var problems = new List<string>();
        var firsts = ByRequest(reader).ToDictionary(g => g.Key, g => g.Value[0]);
        var missing = model.Decided.Keys.Count(k => !firsts.ContainsKey(k));
        if (missing > 0) problems.Add($"{missing} of {model.Decided.Count} requests have no outcome");
        var wrong = new List<string>();
        foreach (var (key, first) in firsts)
        {
            var outcome = Decode(first);
            if (first.Header(CloudEventHeaders.Id) != OutcomeIds.For(outcome))
                wrong.Add($"{key.Id}: outcome id {first.Header(CloudEventHeaders.Id)} is not deterministic");
            if (!model.Decided.TryGetValue(key, out var expected))
                wrong.Add($"{key.Id}: an outcome for a request never sent");
            else if (ReferenceModel.Summarise(outcome) != expected)
                wrong.Add($"{key.Id}: expected {expected}, got {ReferenceModel.Summarise(outcome)}");
        }
        if (wrong.Count > 0) problems.Add($"{wrong.Count} first outcomes differ from the model, e.g.{Environment.NewLine}  " +
                                          string.Join(Environment.NewLine + "  ", wrong.Take(10)));
        return problems;
    }

    /// <summary>
    /// After the replay: each request has at least <paramref name="atLeast"/> outcomes (exactly, when
    /// <paramref name="exactly"/>), all identical to its first; the first outcomes are still the model's; the
    /// balances read from the node are the model's (charged once); nothing was dead-lettered.
    /// </summary>
    public static Verdict Examine(
        RawTopicReader reader, ReferenceModel model, IReadOnlyDictionary<string, decimal> balances, int atLeast, bool exactly)
    {
        var problems = FirstOutcomesAgainstModel(reader, model);
        var groups = ByRequest(reader);

        var tooFew = groups.Count(g => g.Value.Count < atLeast);
        if (tooFew > 0) problems.Add($"{tooFew} requests have fewer than {atLeast} outcomes: a replayed record went unanswered");
        if (exactly && reader.Outcomes.Count != atLeast * model.Decided.Count)
            problems.Add($"{reader.Outcomes.Count} outcomes on payments.processed, expected one per record: {atLeast * model.Decided.Count}");

        int differing = 0, chargedTwice = 0, creditedTwice = 0, chargedOnReplayAfterDecline = 0, declinedOnReplayAfterCharge = 0, sameDecisionOtherBytes = 0;
        decimal extraCharged = 0;
        var examples = new List<string>();
        foreach (var (key, records) in groups)
        {
            var first = records[0];
            var others = records.Skip(1).Where(r => !r.SameBytesAs(first)).ToList();
            if (others.Count == 0) continue;
            differing++;
            var firstOutcome = Decode(first);
            var extraConfirmations = others.Select(r => Decode(r)).OfType<PaymentConfirmed>()
                .DistinctBy(c => c.BalanceAfter).ToList(); // identical re-emissions of one charge count once
            extraCharged += extraConfirmations.Sum(c => c.Amount);
            if (firstOutcome is CreditApplied) creditedTwice++;
            else if (firstOutcome is PaymentConfirmed && extraConfirmations.Count > 0) chargedTwice++;
            else if (firstOutcome is PaymentDeclined && extraConfirmations.Count > 0) chargedOnReplayAfterDecline++;
            else if (firstOutcome is PaymentConfirmed) declinedOnReplayAfterCharge++;
            else sameDecisionOtherBytes++;
            if (examples.Count < 5)
                examples.Add($"{key.Id}: first {Describe(first)}; then {Describe(others[0])}");
        }
        if (differing > 0)
            problems.Add($"{differing} of {groups.Count} requests got an outcome different from their first: " +
                         $"{creditedTwice} credits applied twice, {chargedTwice} payments charged twice, {chargedOnReplayAfterDecline} declined first and charged on the replay, " +
                         $"{declinedOnReplayAfterCharge} charged first and declined on the replay, {sameDecisionOtherBytes} decided alike but not byte for byte; " +
                         $"{extraCharged:N2} EUR charged again in all, e.g.{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", examples));

        var expectedBalances = model.Balances.Where(b => b.Key.Account == ReplayScenario.Account)
            .ToDictionary(b => b.Key.Currency, b => b.Value);
        foreach (var currency in expectedBalances.Keys.Union(balances.Keys).Order())
        {
            var (expected, actual) = (expectedBalances.GetValueOrDefault(currency), balances.GetValueOrDefault(currency));
            if (expected != actual)
                problems.Add($"balance {currency} {actual:N2} on the node, {expected:N2} if charged once (off by {expected - actual:N2})");
        }
        if (reader.DeadLetters.Count > 0) problems.Add($"{reader.DeadLetters.Count} dead letters, expected none");

        var summary = $"{reader.Outcomes.Count} outcomes for {groups.Count} requests; {differing} requests with a differing outcome " +
                      $"({chargedTwice} charged twice); balances {string.Join(", ", balances.Select(b => $"{b.Key} {b.Value:N2}"))} " +
                      $"vs model {string.Join(", ", expectedBalances.Select(b => $"{b.Key} {b.Value:N2}"))}";
        return new Verdict(problems, summary);
    }

    /// <summary>Outcomes per request (account, id, credit?), oldest first.</summary>
    private static Dictionary<(string Account, string Id, bool Credit), List<RawRecord>> ByRequest(RawTopicReader reader) =>
        reader.Outcomes
            .OrderBy(r => r.Partition).ThenBy(r => r.Offset)
            .GroupBy(r => KeyOf(Decode(r)))
            .ToDictionary(g => g.Key, g => g.ToList());

    private static (string Account, string Id, bool Credit) KeyOf(IOutcomeEvent outcome) =>
        (outcome.AccountId, outcome.RequestId, outcome is CreditApplied);

    private static IOutcomeEvent Decode(RawRecord record) =>
        OutcomeMessages.FromMessage(record.ToMessage())
        ?? throw new InvalidOperationException($"not an outcome at {record.Topic}/{record.Partition}/{record.Offset}");

    private static string Describe(RawRecord record) => Decode(record) switch
    {
        PaymentConfirmed c => $"confirmed {c.Amount} (balance after {c.BalanceAfter}, input {c.RequestEventId}, ce_id {record.Header(CloudEventHeaders.Id)})",
        PaymentDeclined d => $"declined {d.Reason} (input {d.RequestEventId}, ce_id {record.Header(CloudEventHeaders.Id)})",
        CreditApplied a => $"credit {a.Amount} (balance after {a.BalanceAfter}, input {a.RequestEventId}, ce_id {record.Header(CloudEventHeaders.Id)})",
        var other => other.ToString()!,
    };
}
