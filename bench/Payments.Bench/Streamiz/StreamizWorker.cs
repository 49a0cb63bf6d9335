using Akka.Payments.Bench.Harness;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace Akka.Payments.Bench.Streamiz;

/// <summary>
/// The second peer as a process of its own: what a .NET user would most likely pick instead of Akka for this job,
/// Streamiz.Kafka.Net (Kafka Streams for .NET), running <see cref="StreamizTopology"/> at-least-once with its state
/// in RocksDB under the run's data directory. Client settings match the baseline's where Kafka Streams lets them
/// (fetch wait 10 ms for the embedded broker, lz4, linger 5 ms, acks all); the rest are Streamiz's defaults.
/// </summary>
public static class StreamizWorker
{
    public static async Task<int> Run(BenchOptions options, CancellationToken stop)
    {
        var config = new StreamConfig<StringSerDes, ByteArraySerDes>
        {
            ApplicationId = StreamizTopology.ApplicationId,
            BootstrapServers = options.Bootstrap,
            StateDir = options.StateDir!,
            Guarantee = ProcessingGuarantee.AT_LEAST_ONCE,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
            Acks = Acks.All,
            AllowAutoCreateTopics = false,
            Logger = LoggerFactory.Create(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning)),
        };
        var stream = new KafkaStream(StreamizTopology.Build(), config);
        stream.StateChanged += (_, now) => Console.WriteLine($"Streamiz state: {now}");
        await stream.StartAsync(stop);
        Console.WriteLine(SystemUnderTest.StreamizReadyLine);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }
        stream.Dispose();
        return 0;
    }
}
