namespace Akka.Payments.Node.Pipeline;

/// <summary>
/// Keeps one account's asks in the order the stream took its records: a record's ask is sent only after the
/// previous record of the same account got its outcome. Records of different accounts still run in parallel.
/// Without it, an ask lost on the way (a shard moving, a node crashing) would be retried after a later record of
/// the same account had already been decided — a payment decided against the wrong balance.
/// The stream calls <see cref="Run"/> in record order (SelectAsync invokes in order), which is what makes the
/// chain follow the partition's order.
/// </summary>
public sealed class AccountSequencer
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Accounts with an ask in flight (for metrics and tests).</summary>
    public int InFlightAccounts { get { lock (_gate) return _tails.Count; } }

    public Task<T> Run<T>(string accountId, Func<Task<T>> ask)
    {
        Task<T> task;
        lock (_gate)
        {
            task = _tails.TryGetValue(accountId, out var previous)
                ? After(previous, ask)
                : ask();
            _tails[accountId] = task;
        }
        _ = task.ContinueWith(done => Forget(accountId, done), TaskContinuationOptions.ExecuteSynchronously);
        return task;
    }

    private static async Task<T> After<T>(Task previous, Func<Task<T>> ask)
    {
        try { await previous.ConfigureAwait(false); }
        catch { /* the previous record's failure fails the stream on its own; order is what matters here */ }
        return await ask().ConfigureAwait(false);
    }

    private void Forget(string accountId, Task done)
    {
        lock (_gate)
            if (_tails.TryGetValue(accountId, out var tail) && ReferenceEquals(tail, done))
                _tails.Remove(accountId);
    }
}
