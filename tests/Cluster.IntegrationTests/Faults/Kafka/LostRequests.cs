using System.Text;
using System.Text.RegularExpressions;
using Akka.Payments.IntegrationTests.Processes;
using Akka.Payments.Shared;
using Confluent.Kafka;

namespace Akka.Payments.IntegrationTests.Faults.Kafka;

/// <summary>
/// For a verdict that names lost requests: where each one is in the input topic, and whether the node group's
/// committed offset is already past it. Tells a record Kafka never stored (the producer was told it was) from one
/// stored but skipped by the nodes.
/// </summary>
public static partial class LostRequests
{
    [GeneratedRegex(@"^(?<account>\S+)/(payment|credit) (?<id>\S+): no outcome")]
    private static partial Regex LostLine();

    public static IReadOnlyList<string> Locate(ProcessCluster cluster, Verdict verdict)
    {
        var lost = verdict.Failures.Select(f => LostLine().Match(f)).Where(m => m.Success)
            .Select(m => (Account: m.Groups["account"].Value, Id: m.Groups["id"].Value)).Distinct().ToList();
        if (lost.Count == 0) return [];
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = ProcessCluster.GroupId,
            EnableAutoCommit = false,
        }).Build();
        var partitions = Enumerable.Range(0, ProcessCluster.Partitions).Select(p => new TopicPartition(Topics.Requested, p)).ToList();
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10)).ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
        var ends = partitions.ToDictionary(tp => tp.Partition.Value, tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var found = new Dictionary<(string, string), string>();
        var done = ends.Where(e => e.Value == 0).Select(e => e.Key).ToHashSet();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (done.Count < partitions.Count && DateTime.UtcNow < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record?.Message is null) continue;
            var partition = record.Partition.Value;
            if (record.Offset.Value + 1 >= ends[partition]) done.Add(partition);
            foreach (var (account, id) in lost)
                if (record.Message.Key == account && Encoding.UTF8.GetString(record.Message.Value).Contains($"\"{id}\"", StringComparison.Ordinal))
                    found[(account, id)] = $"{Topics.Requested}/{partition}/{record.Offset.Value} (committed {committed.GetValueOrDefault(partition)}, end {ends[partition]})";
        }
        return lost.Select(l => $"{l.Account}/{l.Id}: " + (found.TryGetValue(l, out var where) ? $"stored at {where}" : "not in the input topic")).ToList();
    }
}
