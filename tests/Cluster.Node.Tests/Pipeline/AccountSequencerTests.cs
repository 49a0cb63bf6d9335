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
    public async Task A_later_ask_is_never_sent_when_the_earlier_ask_of_the_same_account_failed()
    {
        var sequencer = new AccountSequencer();
        var first = new TaskCompletionSource<int>();
        var secondSent = false;

        var failing = sequencer.Run("acct-1", () => first.Task);
        var next = sequencer.Run("acct-1", () => { secondSent = true; return Task.FromResult(7); });
        first.SetException(new TimeoutException("no answer"));

        await Assert.ThrowsAsync<TimeoutException>(() => failing);
        var error = await Assert.ThrowsAsync<EarlierAskFailedException>(() => next);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal("acct-1", error.AccountId);
        Assert.False(secondSent, "a later record went ahead of an earlier one that failed");
    }

    [Fact]
    public async Task Every_ask_queued_behind_a_failed_one_fails_without_being_sent()
    {
        var sequencer = new AccountSequencer();
        var first = new TaskCompletionSource<int>();
        var sent = 0;

        _ = sequencer.Run("acct-1", () => first.Task);
        var queued = Enumerable.Range(0, 3)
            .Select(i => sequencer.Run("acct-1", () => { Interlocked.Increment(ref sent); return Task.FromResult(i); }))
            .ToList();
        first.SetException(new InvalidOperationException("boom"));

        foreach (var task in queued) await Assert.ThrowsAsync<EarlierAskFailedException>(() => task);
        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task A_later_ask_is_cancelled_without_being_sent_when_the_earlier_one_was_cancelled()
    {
        var sequencer = new AccountSequencer();
        var first = new TaskCompletionSource<int>();
        var secondSent = false;

        var cancelled = sequencer.Run("acct-1", () => first.Task);
        var next = sequencer.Run("acct-1", () => { secondSent = true; return Task.FromResult(7); });
        first.SetCanceled();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        Assert.True(next.IsCanceled);
        Assert.False(secondSent);
    }

    [Fact]
    public async Task A_failed_ask_of_one_account_does_not_stop_another_account()
    {
        var sequencer = new AccountSequencer();
        var failing = sequencer.Run<int>("acct-1", () => Task.FromException<int>(new TimeoutException()));
        var other = sequencer.Run("acct-2", () => Task.FromResult(2));
        await Assert.ThrowsAsync<TimeoutException>(() => failing);
        Assert.Equal(2, await other);
    }

    [Fact]
    public async Task An_ask_waiting_in_a_lane_that_ends_is_cancelled_without_being_sent()
    {
        var sequencer = new AccountSequencer();
        using var assignment = new CancellationTokenSource();
        var first = new TaskCompletionSource<int>(); // never answered: its own cancellation is the gateway's business
        var secondSent = false;

        _ = sequencer.Run("acct-1", () => first.Task, assignment.Token);
        var waiting = sequencer.Run("acct-1", () => { secondSent = true; return Task.FromResult(2); }, assignment.Token);
        assignment.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(secondSent);
    }

    [Fact]
    public async Task A_new_assignment_of_the_partition_does_not_wait_for_or_inherit_the_asks_of_the_revoked_one()
    {
        var sequencer = new AccountSequencer();
        using var revoked = new CancellationTokenSource();
        using var reassigned = new CancellationTokenSource();
        var stuck = new TaskCompletionSource<int>();

        var old = sequencer.Run("acct-1", () => stuck.Task, revoked.Token);
        var oldNext = sequencer.Run("acct-1", () => Task.FromResult(-1), revoked.Token);
        revoked.Cancel();
        stuck.SetCanceled(); // what the gateway does when the assignment's token is cancelled

        Assert.Equal(1, await sequencer.Run("acct-1", () => Task.FromResult(1), reassigned.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => old);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => oldNext);
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
