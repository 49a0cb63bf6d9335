using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Accounts.Idempotency;

/// <summary>
/// The latest events of an account, keyed by the request they answer, bounded to a capacity: the duplicates of
/// recent requests (the common redelivery after a crash or a rebalance) are answered from memory. Older requests are
/// caught by the <see cref="RequestFilter"/> and looked up in the request index.
/// </summary>
public sealed class DeduplicationWindow(int capacity)
{
    public const int DefaultCapacity = 1_000;

    private readonly Dictionary<RequestKey, IAccountEvent> _byRequest = new();
    private readonly Queue<IAccountEvent> _order = new();

    public IEnumerable<IAccountEvent> InOrder => _order;

    public IAccountEvent? Find(RequestKey key) => _byRequest.GetValueOrDefault(key);

    /// <summary>Adds <paramref name="e"/> unless its request is held already; returns how many of the oldest events
    /// left the window to make room.</summary>
    public int Add(IAccountEvent e)
    {
        if (!_byRequest.TryAdd(RequestKey.Of(e.Outcome), e)) return 0;
        _order.Enqueue(e);
        var evicted = 0;
        for (; _order.Count > capacity; evicted++)
            _byRequest.Remove(RequestKey.Of(_order.Dequeue().Outcome));
        return evicted;
    }
}
