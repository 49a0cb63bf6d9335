using Akka.Actor;
using Akka.Payments.Node.Pipeline;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.Pipeline;

public sealed class AccountGatewaySpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

    private static DecideEvent Command(string creditId = "c-1") =>
        new(new AccountCredited(creditId, "acct-1", 10m, "EUR", T0), new Lineage("ce-" + creditId, "payments.requested/0/7"));

    [Fact]
    public async Task An_entity_that_cannot_decide_is_answered_with_its_DecisionFailed_and_not_asked_again()
    {
        var region = CreateTestProbe();
        var gateway = new AccountGateway(region.Ref, TimeSpan.FromSeconds(30), Sys.Log);

        var decision = gateway.Decide(Command());
        region.ExpectMsg<DecideEvent>();
        region.Reply(new DecisionFailed("acct-1", "c-1", "overflow"));

        var answer = await decision;
        Assert.Null(answer.Outcome);
        Assert.Equal(new DecisionFailed("acct-1", "c-1", "overflow"), answer.Failure);
        Assert.Equal(0, gateway.Pending);
    }

    [Fact]
    public async Task An_outcome_is_returned_as_the_decision()
    {
        var region = CreateTestProbe();
        var gateway = new AccountGateway(region.Ref, TimeSpan.FromSeconds(30), Sys.Log);
        var command = Command();

        var decision = gateway.Decide(command);
        region.ExpectMsg<DecideEvent>();
        var outcome = FakeAccountRegion.Outcome(command);
        region.Reply(outcome);

        Assert.Equal(outcome, (await decision).Outcome);
    }

    [Fact]
    public async Task A_decide_whose_token_is_cancelled_stops_asking_instead_of_retrying_on_timeout()
    {
        var region = CreateTestProbe();
        var gateway = new AccountGateway(region.Ref, TimeSpan.FromMilliseconds(200), Sys.Log);
        using var abort = new CancellationTokenSource();

        var decision = gateway.Decide(Command(), abort.Token);
        region.ExpectMsg<DecideEvent>();
        region.ExpectMsg<DecideEvent>(); // a timeout is not an answer: asked again
        abort.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decision);
        Assert.Equal(0, gateway.Pending);
    }

    [Fact]
    public async Task An_unanswered_ask_is_repeated_after_waits_that_double_from_the_first_up_to_the_longest()
    {
        var region = CreateTestProbe();
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Akka.Event.Warning));
        var gateway = new AccountGateway(region.Ref, TimeSpan.FromMilliseconds(300), Sys.Log, firstAskTimeout: TimeSpan.FromMilliseconds(50));
        using var abort = new CancellationTokenSource();

        var decision = gateway.Decide(Command(), abort.Token);
        for (var ask = 0; ask < 6; ask++) region.ExpectMsg<DecideEvent>();
        var waits = Enumerable.Range(0, 5)
            .Select(_ => warnings.FishForMessage<Akka.Event.Warning>(w => w.Message.ToString()!.Contains("did not answer", StringComparison.Ordinal)).Message.ToString())
            .ToList();
        abort.Cancel();

        Assert.Collection(waits,
            w => Assert.Contains("within 00:00:00.0500000 (attempt 1)", w),
            w => Assert.Contains("within 00:00:00.1000000 (attempt 2)", w),
            w => Assert.Contains("within 00:00:00.2000000 (attempt 3)", w),
            w => Assert.Contains("within 00:00:00.3000000 (attempt 4)", w),
            w => Assert.Contains("within 00:00:00.3000000 (attempt 5)", w));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decision);
    }

    [Fact]
    public void A_first_wait_longer_than_the_longest_is_the_longest()
    {
        var region = CreateTestProbe();
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Akka.Event.Warning));
        var gateway = new AccountGateway(region.Ref, TimeSpan.FromMilliseconds(100), Sys.Log, firstAskTimeout: TimeSpan.FromSeconds(5));
        using var abort = new CancellationTokenSource();

        _ = gateway.Decide(Command(), abort.Token);
        region.ExpectMsg<DecideEvent>();
        region.ExpectMsg<DecideEvent>(TimeSpan.FromSeconds(3));
        var wait = warnings.FishForMessage<Akka.Event.Warning>(w => w.Message.ToString()!.Contains("did not answer", StringComparison.Ordinal));
        abort.Cancel();

        Assert.Contains("within 00:00:00.1000000 (attempt 1)", wait.Message.ToString());
    }

    [Fact]
    public async Task A_decide_stops_asking_as_soon_as_the_shard_region_stops_instead_of_retrying_on_timeout()
    {
        // A downed node's region stops before its stream drains: asks would go to dead letters until the drain timed out.
        var region = CreateTestProbe();
        var gateway = new AccountGateway(region.Ref, TimeSpan.FromSeconds(30), Sys.Log);

        var decision = gateway.Decide(Command());
        region.ExpectMsg<DecideEvent>();
        Sys.Stop(region.Ref);

        // Well before the ask's 30 s timeout (WaitAsync throws a TimeoutException otherwise, which fails this).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decision.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(gateway.RegionStopped);
        Assert.Equal(0, gateway.Pending);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateway.Decide(Command())); // and never asks again
    }

    [Fact]
    public async Task A_decide_with_a_cancelled_token_never_asks()
    {
        var region = CreateTestProbe();
        var gateway = new AccountGateway(region.Ref, TimeSpan.FromSeconds(30), Sys.Log);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateway.Decide(Command(), new CancellationToken(canceled: true)));
        region.Ref.Tell("end-of-asks");
        region.ExpectMsg("end-of-asks"); // nothing came before it
    }

    [Fact]
    public async Task A_failure_reply_fails_the_decision()
    {
        var region = CreateTestProbe();
        var gateway = new AccountGateway(region.Ref, TimeSpan.FromSeconds(30), Sys.Log);

        var decision = gateway.Decide(Command());
        region.ExpectMsg<DecideEvent>();
        region.Reply(new Status.Failure(new InvalidOperationException("crashed")));

        await Assert.ThrowsAnyAsync<Exception>(() => decision);
        Assert.Equal(0, gateway.Pending);
    }
}
