using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Rules;

/// <summary>
/// The rule set this node decides with: the <c>Rules:</c> configuration at start, then each newer version the control
/// plane spreads (issue 13). An entity takes <see cref="Current"/> once per decision, so one decision sees one whole
/// rule set, never half of a change. Lock-free: reads are a volatile read, a replace is a compare-and-swap.
/// </summary>
public sealed class RulesHolder(PaymentRules initial)
{
    private PaymentRules _current = initial ?? throw new ArgumentNullException(nameof(initial));
    private readonly TaskCompletionSource _heard = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PaymentRules Current => Volatile.Read(ref _current);

    /// <summary>Completes once the node heard the control plane's rules the first time (<see cref="Heard"/>), newer or
    /// not: from then on <see cref="Current"/> is the cluster's rule set, not only this node's configuration.</summary>
    public Task FirstHeard => _heard.Task;

    /// <summary>The control plane answered or published its rules (the follower calls it on every update).</summary>
    public void Heard() => _heard.TrySetResult();

    /// <summary>
    /// Swaps in <paramref name="next"/> when its version is newer than the current one; an older or equal version is
    /// ignored (false), so a node that hears changes late, twice or out of order ends on the latest. Safe to call from
    /// any thread.
    /// </summary>
    public bool TryReplace(PaymentRules next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var seen = Volatile.Read(ref _current);
        while (next.Version > seen.Version)
        {
            var found = Interlocked.CompareExchange(ref _current, next, seen);
            if (ReferenceEquals(found, seen)) return true;
            seen = found;
        }
        return false;
    }
}
