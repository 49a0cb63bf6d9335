namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// Keeps one account's asks in the order the stream took its records: a record's ask is sent only after the
/// previous record of the same account got its answer. Records of different accounts still run in parallel.
/// Without it, an ask lost on the way (a shard moving, a node crashing) would be retried after a later record of
/// the same account had already been decided — a payment decided against the wrong balance.
/// If the previous ask failed or was cancelled, the later one is never sent: it fails with
/// <see cref="EarlierAskFailedException"/> or is cancelled too. A later record never overtakes an earlier one.
/// The stream calls <see cref="Run"/> in record order (SelectAsync invokes in order), which is what makes the
/// chain follow the partition's order.
/// </summary>
/// <remarks>
/// A chain belongs to one <c>lane</c>: one assignment of the account's partition, whose token is cancelled when the
/// assignment ends (revoked, lost, closed). That cancels what the lane still has in flight, and a new assignment of the
/// same partition starts a new chain: it reads the partition again from the last commit, so it re-asks the cancelled
/// records itself and must not inherit their cancellation.
/// </remarks>
public sealed class AccountSequencer
{
    private readonly Dictionary<(string Account, CancellationToken Lane), Task> _tails = new();
    private readonly object _gate = new();

    /// <summary>Accounts with an ask in flight (for metrics and tests).</summary>
    public int InFlightAccounts { get { lock (_gate) return _tails.Count; } }

    public Task<T> Run<T>(string accountId, Func<Task<T>> ask, CancellationToken lane = default)
    {
        var key = (accountId, lane);
        Task<T> task;
        lock (_gate)
        {
            task = _tails.TryGetValue(key, out var previous)
                ? After(previous, accountId, ask, lane)
                : ask();
            _tails[key] = task;
        }
        _ = task.ContinueWith(done => Forget(key, done), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private static async Task<T> After<T>(Task previous, string accountId, Func<Task<T>> ask, CancellationToken lane)
    {
        try
        {
            await previous.WaitAsync(lane).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            throw new OperationCanceledException($"An earlier ask of account {accountId} was cancelled; this one is not sent.", e, lane);
        }
        catch (Exception e)
        {
            throw new EarlierAskFailedException(accountId, e);
        }
        return await ask().ConfigureAwait(false);
    }

    private void Forget((string, CancellationToken) key, Task done)
    {
        lock (_gate)
            if (_tails.TryGetValue(key, out var tail) && ReferenceEquals(tail, done))
                _tails.Remove(key);
    }
}

/// <summary>A record's ask was not sent because the ask of an earlier record of the same account failed.</summary>
public sealed class EarlierAskFailedException(string accountId, Exception earlier)
    : Exception($"Not asked: an earlier ask of account {accountId} failed ({earlier.Message}).", earlier)
{
    public string AccountId { get; } = accountId;
}
