using Akka.Payments.Node.Pipeline;

namespace Akka.Payments.Node.Tests.Pipeline;

public sealed class AccountSequencerTests
{
    [Fact]
    public async Task A_later_ask_of_the_same_account_waits_for_the_earlier_one_to_finish()
    {
        var sequencer = new AccountSequencer();
        var first = new TaskCompletionSource<string>();
        var secondStarted = false;

        var a = sequencer.Run("acct-1", () => first.Task);
        var b = sequencer.Run("acct-1", () => { secondStarted = true; return Task.FromResult("second"); });

        Assert.False(secondStarted, "the second ask went out before the first was answered");
        first.SetResult("first");
        Assert.Equal("first", await a);
        Assert.Equal("second", await b);
        Assert.True(secondStarted);
    }

    [Fact]
    public async Task Asks_of_different_accounts_do_not_wait_for_each_other()
    {
        var sequencer = new AccountSequencer();
        var blocked = new TaskCompletionSource<int>();
        _ = sequencer.Run("acct-1", () => blocked.Task);
        Assert.Equal(2, await sequencer.Run("acct-2", () => Task.FromResult(2)));
        blocked.SetResult(1);
    }

    [Fact]
    public async Task A_failed_ask_does_not_stop_the_next_one_of_the_same_account()
    {
        var sequencer = new AccountSequencer();
        var failing = sequencer.Run<int>("acct-1", () => Task.FromException<int>(new TimeoutException()));
        var next = sequencer.Run("acct-1", () => Task.FromResult(7));
        await Assert.ThrowsAsync<TimeoutException>(() => failing);
        Assert.Equal(7, await next);
    }

    [Fact]
    public async Task An_account_is_forgotten_once_its_last_ask_is_answered()
    {
        var sequencer = new AccountSequencer();
        var pending = new TaskCompletionSource<int>();
        var task = sequencer.Run("acct-1", () => pending.Task);
        Assert.Equal(1, sequencer.InFlightAccounts);
        pending.SetResult(1);
        await task;
        Assert.Equal(0, sequencer.InFlightAccounts);
    }
}
