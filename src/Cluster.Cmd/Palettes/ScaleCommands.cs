using System.Globalization;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Spectre.Console;
using static Akka.Payments.Cmd.Invocation;

namespace Akka.Payments.Cmd.Palettes;

/// <summary>
/// <c>control status | scale &lt;n&gt; | autoscale on|off</c>: the control plane's autoscaling. <c>status</c> reads what
/// the scaler singleton sees and decided; <c>scale</c> and <c>autoscale</c> change things and send the token.
/// </summary>
public static class ScaleCommands
{
    private static readonly ManagementJsonContext Contracts = ManagementJsonContext.Default;

    public static readonly IReadOnlyList<PaletteCommand> List =
    [
        new("status", "", "the payment nodes up and desired, autoscale, the actuator, every node's signals, the lag, stuck partitions and the last decisions", async i =>
        {
            i.AtMost(0);
            var reply = await i.Get(ManagementPaths.ControlStatus, Contracts.ScalerStatusResponse);
            i.Show(reply, doc => Status(i, doc));
        }),
        new("scale", "<nodes>", "run this many payment nodes now (journaled, published, actuated; starts a cooldown)", async i =>
        {
            i.AtMost(1);
            var text = i.Argument(0, "nodes");
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) || nodes < 1)
                throw new UsageException($"nodes must be a whole number of at least 1, got '{text}'");
            var reply = await i.Post(ManagementPaths.ControlScale, new ScaleRequest(nodes), Contracts.ScaleRequest, Contracts.ScaleResponse);
            i.Show(reply, doc => i.Line($"{Decision(doc.Decision)}. Scaler on {doc.Host}"));
        }),
        new("autoscale", "on|off", "act on the policy's decisions, or only show them (journaled: survives a failover)", async i =>
        {
            i.AtMost(1);
            var on = i.Argument(0, "on|off") switch
            {
                "on" => true,
                "off" => false,
                var other => throw new UsageException($"autoscale takes on or off, got '{other}'"),
            };
            var reply = await i.Post(ManagementPaths.ControlAutoscale, new AutoscaleRequest(on), Contracts.AutoscaleRequest, Contracts.AutoscaleResponse);
            i.Show(reply, doc => i.Line($"Autoscale {(doc.Changed ? "is now" : "was already")} {(doc.On ? "on" : "off")}. Scaler on {doc.Host}"));
        }),
    ];

    private static void Status(Invocation i, ScalerStatusResponse doc)
    {
        i.Line($"Payment nodes: {Text(doc.Nodes)} up, {Text(doc.Desired)} desired (bounds {Text(doc.MinNodes)} to {Text(doc.MaxNodes)}, " +
               $"{Text(doc.InputPartitions)} input partitions). Autoscale {(doc.Autoscale ? "on" : "off")}, actuator {doc.Actuator}. Scaler on {doc.Host}");
        if (doc.Sample is { } s)
        {
            i.Line($"Lag: {Text(s.Lag)} records{(s.HeldLag > 0 ? $" (+{Text(s.HeldLag)} on {Text(s.HeldPartitions)} partitions that do not drain)" : "")}, " +
                   $"{LagSeconds(s.LagSeconds)} at {Number(s.RecordsPerSecond)} records/s; utilisation {Percent(s.Utilisation)}; " +
                   $"samples over {Text(s.OverSamples)}, growing {Text(s.GrowingSamples)}, idle {Text(s.IdleSamples)} (at {(doc.SampleAt is { } at ? Text(at) : "-")})");
            if (s.CooldownUntil is { } until) i.Line($"Cooldown until {Text(until)}: no change before then.");
        }
        else i.Line("No sample yet.");
        if (doc.SampleError is { } error) i.Line($"The latest sample failed: {error}");
        if (doc.WouldDecide is { } would) i.Line($"Autoscale is off; the policy would scale {Text(would.From)} -> {Text(would.To)} ({would.Reason}).");

        var nodes = Table("node", "records/s", "in flight", "partitions", "cpu", "reported");
        foreach (var n in doc.Signals)
            nodes.AddRow(Cell(n.Node), Cell(Number(n.RecordsPerSecond)), Cell(n.InFlight), Cell(n.Partitions.Count), Cell(Percent(n.Cpu)), Cell(Text(n.At)));
        if (doc.Signals.Count == 0) i.Line("No node has reported yet.");
        else i.Write(nodes);

        if (doc.Stuck.Count > 0)
        {
            var stuck = Table("stuck partition", "committed", "lag", "since", "for");
            foreach (var p in doc.Stuck)
                stuck.AddRow(Cell($"{p.Topic}/{p.Partition.ToString(CultureInfo.InvariantCulture)}"), Cell(p.Committed is { } c ? Text(c) : "-"), Cell(p.Lag),
                    Cell(Text(p.Since)), Cell($"{p.For.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"));
            i.Write(stuck);
        }

        if (doc.Decisions.Count == 0) i.Line("No decisions yet.");
        else
        {
            var decisions = Table("decision", "at", "from", "to", "reason", "by", "lag s");
            foreach (var d in doc.Decisions)
                decisions.AddRow(Cell(d.Id), Cell(Text(d.At)), Cell(d.From), Cell(d.To), Cell(d.Reason), Cell(d.By),
                    Cell(d.Signals is { } ds ? LagSeconds(ds.LagSeconds) : "-"));
            i.Write(decisions);
        }
    }

    private static string Decision(ScaleDecided d) => $"Scale decision {d.Id}: {Text(d.From)} -> {Text(d.To)} payment nodes ({d.Reason}, by {d.By})";

    private static string LagSeconds(double? seconds) => seconds is { } s ? $"{s.ToString("0.#", CultureInfo.InvariantCulture)} s" : "never drains";

    private static string Number(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Percent(double? fraction) => fraction is { } f ? $"{(f * 100).ToString("0", CultureInfo.InvariantCulture)}%" : "-";
}
