using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Node.Demo;

/// <summary>
/// What <c>demo --autoscale</c> saw of the scaler, from its status read every half second: the scale-out decision, the
/// second node up, the lag drained after it, the scale-in decision and the cluster back to one node. Pure: the
/// statuses and their times are given. Each moment is kept once, the first time it is seen.
/// </summary>
public sealed class AutoscaleTimeline
{
    private readonly List<(TimeSpan At, string What)> _events = [];
    private int _peakNodes = 1;

    public TimeSpan? ScaleOut { get; private set; }
    public TimeSpan? SecondNodeUp { get; private set; }
    public TimeSpan? LagDrained { get; private set; }
    public TimeSpan? ScaleIn { get; private set; }
    public TimeSpan? BackToOne { get; private set; }

    /// <summary>The moments seen, in order.</summary>
    public IReadOnlyList<(TimeSpan At, string What)> Events => _events;

    /// <summary>Both decisions and the return to one node were seen.</summary>
    public bool Complete => ScaleOut is not null && ScaleIn is not null && BackToOne is not null;

    public void Observe(ScalerStatusResponse status, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (ScaleOut is null && status.Decisions.FirstOrDefault(d => d.To > d.From) is { } up)
        {
            ScaleOut = at;
            var lag = up.Signals is { } s ? $"lag {s.Lag:N0} records, {(s.LagSeconds is { } seconds ? $"{seconds:0.#} s at {s.RecordsPerSecond:N0}/s" : "no rate yet")}" : "";
            _events.Add((at, $"scale-out decided: {up.From} -> {up.To} node(s) ({up.Reason}; {lag})"));
        }
        _peakNodes = Math.Max(_peakNodes, status.Nodes);
        if (ScaleOut is not null && SecondNodeUp is null && status.Nodes >= 2)
        {
            SecondNodeUp = at;
            _events.Add((at, $"second node up: {status.Nodes} payment nodes"));
        }
        if (SecondNodeUp is not null && LagDrained is null && status.Sample is { TotalLag: 0 })
        {
            LagDrained = at;
            _events.Add((at, "lag drained: 0 records waiting"));
        }
        if (ScaleOut is not null && ScaleIn is null && status.Decisions.FirstOrDefault(d => d.To < d.From) is { } down)
        {
            ScaleIn = at;
            _events.Add((at, $"scale-in decided: {down.From} -> {down.To} node(s) ({down.Reason})"));
        }
        if (ScaleIn is not null && BackToOne is null && status.Nodes == 1 && _peakNodes > 1)
        {
            BackToOne = at;
            _events.Add((at, "back to one payment node"));
        }
    }
}
