using System.Globalization;
using Akka.Payments.Node.Control.Scaling;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>
/// Runs samples through <see cref="ScalePolicy"/> one after the other, a sample every five seconds from
/// <see cref="T0"/>, keeping the state as the singleton would. The lag is spread over the input partitions, whose
/// committed offsets all move at every sample (so none is singled out as held or stuck), and the rate over the nodes.
/// </summary>
internal sealed class ScaleScenario(ScalePolicySettings? settings = null)
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    /// <summary>The consume rate of the whole cluster in the samples made from lag-seconds.</summary>
    public const double Rate = 100;

    public ScalePolicySettings Settings { get; } = (settings ?? ScalePolicySettings.Default).Validate();
    public ScalePolicyState State { get; private set; } = ScalePolicyState.Initial;
    public List<ScaleStep> Steps { get; } = [];

    /// <summary>When the next sample is taken.</summary>
    public DateTimeOffset Now => T0 + (Every * Steps.Count);

    public IEnumerable<(int Index, ScaleDecision Decision)> Decisions =>
        Steps.Select((s, i) => (i, s.Decision)).Where(d => d.Decision is not null).Select(d => (d.i, d.Decision!));

    public ScaleStep Step(ScaleSample sample)
    {
        var step = ScalePolicy.Decide(State, sample, Settings);
        State = step.Next;
        Steps.Add(step);
        return step;
    }

    /// <summary>A sample at <see cref="Now"/>: <paramref name="nodes"/> nodes consuming <paramref name="rate"/>
    /// records/s between them at <paramref name="cpu"/> each, <paramref name="lag"/> records behind.</summary>
    public ScaleStep Step(int nodes, long lag, double rate = Rate, double cpu = 0.5, int partitions = 8) =>
        Step(Sample(Now, nodes, lag, rate, cpu, partitions, committed: 1000 + (10 * Steps.Count)));

    /// <summary>One sample per lag-seconds figure (<c>inf</c>: lag that nothing consumes); the decisions the
    /// samples led to, by the index of the sample.</summary>
    public List<(int Index, ScaleDecision Decision)> Run(string lagSeconds, int nodes, double cpu = 0.5, int partitions = 8)
    {
        foreach (var figure in lagSeconds.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (lag, rate) = figure == "inf" ? (1000L, 0.0) : ((long)Math.Round(double.Parse(figure, CultureInfo.InvariantCulture) * Rate), Rate);
            Step(nodes, lag, rate, cpu, partitions);
        }
        return Decisions.ToList();
    }

    public static ScaleSample Sample(
        DateTimeOffset at, int nodes, long lag, double rate = Rate, double cpu = 0.5, int partitions = 8, long committed = 1000)
    {
        var signals = Enumerable.Range(0, nodes)
            .Select(n => new NodeSignals($"akka.tcp://payments@node{n}:4053", at, rate / nodes, 10, [], cpu)).ToList();
        var lags = Enumerable.Range(0, Math.Max(partitions, 1))
            .Select(p => Lag(p, committed, lag / Math.Max(partitions, 1) + (p < lag % Math.Max(partitions, 1) ? 1 : 0))).ToList();
        return new ScaleSample(at, signals, lags, partitions, nodes);
    }

    /// <summary>Partition <paramref name="partition"/> of the input topic, committed at <paramref name="committed"/>
    /// with <paramref name="lag"/> records behind.</summary>
    public static PartitionLag Lag(int partition, long? committed, long lag) =>
        new("payments.requested", partition, (committed ?? 0) + lag, committed, lag);
}
