using System.Globalization;
using System.Runtime.InteropServices;
using Akka.Payments.Shared;

namespace Akka.Payments.Node.Kafka.Embedded;

/// <summary>
/// <c>Cluster.Node kafka [--data-dir D] [--brokers N] [--partitions N]</c>: the embedded Kafka as a process of its
/// own, so that several nodes can share it. Creates the core topics, writes the bootstrap string to
/// <c>&lt;data dir&gt;/kafka.bootstrap</c> (point nodes at it with <c>Kafka__BootstrapServers=$(cat ...)</c> or
/// <c>Kafka__BootstrapFile=...</c>), logs it, and serves until SIGTERM or Ctrl-C.
/// </summary>
public static class EmbeddedKafkaCommand
{
    public const string Usage = "usage: Cluster.Node kafka [--data-dir DIR (./data)] [--brokers N (3)] [--partitions N (12)]";

    public static async Task<int> RunAsync(string[] args)
    {
        var dataDir = "./data";
        int brokers = 3, partitions = 12;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--data-dir" when value is not null: dataDir = value; i++; break;
                case "--brokers" when TryCount(value, 9, out brokers): i++; break;
                case "--partitions" when TryCount(value, 1000, out partitions): i++; break;
                case "--help" or "-h": Console.WriteLine(Usage); return 0;
                default:
                    await Console.Error.WriteLineAsync($"kafka: unexpected argument '{args[i]}'{Environment.NewLine}{Usage}");
                    return 2;
            }
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });

        dataDir = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(dataDir);
        var file = Path.Combine(dataDir, KafkaEndpoint.BootstrapFileName);
        using (var kafka = EmbeddedKafka.Start(brokers))
        {
            foreach (var topic in Topics.Core) kafka.CreateTopic(topic, partitions);
            await File.WriteAllTextAsync(file, kafka.BootstrapServers + Environment.NewLine);
            Log($"Embedded Kafka bootstrap: {kafka.BootstrapServers} ({brokers} brokers, topics {string.Join(", ", Topics.Core)} with {partitions} partitions; written to {file})");
            await stop.Task;
            Log("Embedded Kafka stopping");
            try { File.Delete(file); } catch (IOException) { }
        }
        Log("Embedded Kafka stopped");
        return 0;
    }

    private static bool TryCount(string? text, int max, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max;

    private static void Log(string line) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} info: {line}");
}
