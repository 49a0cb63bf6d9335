using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Accounts;

/// <summary>
/// The latest events of an account, keyed by the request they answer, bounded to a capacity. A redelivery after a
/// crash falls within the uncommitted Kafka window, far smaller than the default capacity.
/// </summary>
public sealed class DeduplicationWindow(int capacity)
{
    public const int DefaultCapacity = 1_000;

    private readonly Dictionary<RequestKey, IAccountEvent> _byRequest = new();
    private readonly Queue<IAccountEvent> _order = new();

    public IEnumerable<IAccountEvent> InOrder => _order;

    public IAccountEvent? Find(IInputEvent input) => _byRequest.GetValueOrDefault(RequestKey.Of(input));

    public void Add(IAccountEvent e)
    {
        if (!_byRequest.TryAdd(RequestKey.Of(e.Outcome), e)) return;
        _order.Enqueue(e);
        while (_order.Count > capacity)
            _byRequest.Remove(RequestKey.Of(_order.Dequeue().Outcome));
    }

    /// <summary>Credit ids and payment ids are separate namespaces.</summary>
    private readonly record struct RequestKey(bool IsCredit, string Id)
    {
        public static RequestKey Of(IInputEvent input) => new(input is AccountCredited, input.RequestId);
        public static RequestKey Of(IOutcomeEvent outcome) => new(outcome is CreditApplied, outcome.RequestId);
    }
}
