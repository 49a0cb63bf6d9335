using System.Globalization;
using Akka.Payments.IntegrationTests.Processes;
using Akka.Payments.Shared;
using Confluent.Kafka;

namespace Akka.Payments.IntegrationTests.Faults.Kafka;

/// <summary>
/// One reading of where the payment records are: the end offsets and the committed offsets of the node group on the
/// input topic (Kafka's view), and what the nodes took into their streams (their <c>/metrics</c>: outcomes, dead
/// letters and records in flight, summed over the live nodes), with the nodes' resident memory.
/// </summary>
public sealed record StreamGauges(long End, long Committed, long Taken, long InFlight, long RssKiB)
{
    /// <summary>Records in Kafka past the group's committed offsets.</summary>
    public long Lag => End - Committed;

    public static async Task<StreamGauges> Read(ProcessCluster cluster, IConsumer<string, byte[]> offsets)
    {
        var partitions = Enumerable.Range(0, ProcessCluster.Partitions).Select(p => new TopicPartition(Topics.Requested, p)).ToList();
        var committed = offsets.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(c => Math.Max(c.Offset.Value, 0));
        var end = partitions.Sum(tp => offsets.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        var nodes = cluster.Nodes.Values.Where(n => !n.HasExited).ToList();
        // The nodes at once: each answer may take a few seconds while a broker is slow.
        var metrics = await Task.WhenAll(nodes.Select(n => Metrics(n.AnnouncedManagementUrl()!)));
        var inFlight = metrics.Sum(m => m.GetValueOrDefault("payments_in_flight_records"));
        var taken = metrics.Sum(m => m.GetValueOrDefault("payments_outcomes_total") + m.GetValueOrDefault("payments_dead_lettered_total")) + inFlight;
        return new StreamGauges(end, committed, taken, inFlight, nodes.Sum(n => ResidentKiB(n.Id)));
    }

    /// <summary>A consumer of the node group that only reads offsets (never subscribes, never commits).</summary>
    public static IConsumer<string, byte[]> OffsetReader(ProcessCluster cluster) =>
        new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = ProcessCluster.GroupId,
            EnableAutoCommit = false,
        }).Build();

    /// <summary>The node's Prometheus samples, summed by family name over their labels.</summary>
    private static async Task<Dictionary<string, long>> Metrics(Uri node)
    {
        // The node's lag family reads Kafka with 5 s timeouts, and a slow broker may answer its metadata requests.
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(45) };
        var text = await http.GetStringAsync(Shared.Management.Contracts.ManagementPaths.Metrics);
        var sums = new Dictionary<string, long>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            if (space < 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            var name = line[..space];
            var brace = name.IndexOf('{', StringComparison.Ordinal);
            if (brace >= 0) name = name[..brace];
            sums[name] = sums.GetValueOrDefault(name) + (long)value;
        }
        return sums;
    }

    private static long ResidentKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public override string ToString() =>
        $"end {End:N0}, committed {Committed:N0}, lag {Lag:N0}, taken by the nodes {Taken:N0} ({InFlight:N0} in flight), RSS {RssKiB / 1024:N0} MiB";
}
