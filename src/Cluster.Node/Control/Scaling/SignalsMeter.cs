using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// Turns the counters a node keeps (records finished so far, CPU time used so far) into the rates of
/// <see cref="ScaleNodeSignals"/>: the change since the previous reading over the wall time between them. Pure apart
/// from its memory of the previous reading; the first reading has no interval and reports 0.
/// </summary>
/// <param name="processors">The machine's cores (<see cref="Environment.ProcessorCount"/>): CPU time over wall time
/// divided by them is the fraction of the machine used.</param>
public sealed class SignalsMeter(int processors)
{
    private (DateTimeOffset At, long Finished, TimeSpan Cpu)? _previous;

    public ScaleNodeSignals Read(string node, DateTimeOffset at, long finished, TimeSpan cpu, long inFlight, IReadOnlyList<string> partitions)
    {
        double rate = 0, share = 0;
        if (_previous is { } before && at > before.At)
        {
            var seconds = (at - before.At).TotalSeconds;
            rate = Math.Max(finished - before.Finished, 0) / seconds; // a restarted counter is not a negative rate
            share = Math.Clamp((cpu - before.Cpu).TotalSeconds / seconds / Math.Max(processors, 1), 0, 1);
        }
        _previous = (at, finished, cpu);
        return new ScaleNodeSignals(node, at, rate, Math.Max(inFlight, 0), partitions.ToList(), share);
    }
}
