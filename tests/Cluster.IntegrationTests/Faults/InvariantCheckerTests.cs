using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared.CloudEvents;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>The judge of the fault specs must be able to fail: each kind of damage it names is caught on a history
/// made by hand, and a clean history (with re-emitted duplicates) passes.</summary>
public sealed class InvariantCheckerTests
{
    private static readonly DateTimeOffset T0 = PaymentScenario.T0;

    private static readonly List<ScenarioRecord> Scenario =
    [
        Input(new AccountCredited("c1", "a", 100m, "EUR", T0)),
        Input(new PaymentRequested("p1", "a", "shop", 30m, "EUR", "DE", T0.AddSeconds(1))),
        Input(new PaymentRequested("p2", "a", "shop", 80m, "EUR", "DE", T0.AddSeconds(2))), // declined: 70 left
        Input(new PaymentRequested("p3", "a", "shop", 50m, "EUR", "DE", T0.AddSeconds(3))),
        Input(new AccountCredited("c2", "b", 10m, "EUR", T0)),
        PaymentScenario.Malformed(0, "t"),
    ];

    private static readonly IOutcomeEvent C1 = new CreditApplied("c1", "a", 100m, "EUR", 100m, "ce-c1", "/test", T0);
    private static readonly IOutcomeEvent P1 = new PaymentConfirmed("p1", "a", 30m, "EUR", 70m, 1, "ce-p1", "/test", T0);
    private static readonly IOutcomeEvent P2 = new PaymentDeclined("p2", "a", 80m, "EUR", DeclineReasons.InsufficientFunds, 1, "ce-p2", "/test", T0);
    private static readonly IOutcomeEvent P3 = new PaymentConfirmed("p3", "a", 50m, "EUR", 20m, 1, "ce-p3", "/test", T0);
    private static readonly IOutcomeEvent C2 = new CreditApplied("c2", "b", 10m, "EUR", 10m, "ce-c2", "/test", T0);

    private static ScenarioRecord Input(IInputEvent input) =>
        new(KafkaCloudEventEncoder.Binary(input, $"ce-{input.RequestId}", "/test", T0), input, null);

    private static InvariantChecker.Judgement Judge(IEnumerable<IOutcomeEvent> outcomes, bool deadLetter = true, IEnumerable<(string, IOutcomeEvent)>? raw = null) =>
        InvariantChecker.Judge(Scenario, new InvariantChecker.Observed(
            (raw ?? outcomes.Select(o => (OutcomeIds.For(o), o))).ToList(),
            deadLetter ? [(Scenario[^1].Message.Key, Scenario[^1].ExpectedDeadLetterReason)] : []));

    [Fact]
    public void A_clean_history_with_re_emitted_outcomes_holds()
    {
        var judgement = Judge([C1, P1, C2, P1, P2, P3, P3]);
        Assert.Empty(judgement.Failures);
        Assert.Equal(5, judgement.Requests);
    }

    [Fact]
    public void A_request_without_an_outcome_is_lost()
    {
        var judgement = Judge([C1, P1, P2, P3]);
        Assert.Equal(1, judgement.Lost);
        Assert.Contains(judgement.Failures, f => f.Contains("b/credit c2: no outcome", StringComparison.Ordinal));
    }

    [Fact]
    public void A_payment_decided_a_second_time_differently_is_applied_twice()
    {
        var again = new PaymentConfirmed("p1", "a", 30m, "EUR", 40m, 1, "ce-p1", "/test", T0);
        var judgement = Judge([C1, P1, again, P2, P3, C2]);
        Assert.Equal(1, judgement.DoubleApplied);
    }

    [Fact]
    public void An_outcome_that_differs_from_the_model_is_wrong()
    {
        var confirmedInstead = new PaymentConfirmed("p2", "a", 80m, "EUR", -10m, 1, "ce-p2", "/test", T0);
        var judgement = Judge([C1, P1, confirmedInstead, P3, C2]);
        Assert.Equal(1, judgement.Wrong);
    }

    [Fact]
    public void Outcomes_of_one_account_in_another_order_than_its_requests_are_out_of_order()
    {
        var judgement = Judge([C1, P2, P1, P3, C2]);
        Assert.Equal(1, judgement.OutOfOrderAccounts);
    }

    [Fact]
    public void A_malformed_record_missing_from_the_dead_letters_is_lost()
    {
        var judgement = Judge([C1, P1, P2, P3, C2], deadLetter: false);
        Assert.Equal(1, judgement.DeadLettersMissing);
    }

    [Fact]
    public void A_re_emitted_outcome_with_another_cloud_events_id_is_caught()
    {
        var judgement = Judge([], raw: [.. new[] { C1, P1, P2, P3, C2 }.Select(o => (OutcomeIds.For(o), o)), ("other-id", P3)]);
        Assert.Equal(1, judgement.DoubleApplied);
    }
}
