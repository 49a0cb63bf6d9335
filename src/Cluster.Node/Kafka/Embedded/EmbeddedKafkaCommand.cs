using System.Globalization;
using System.Runtime.InteropServices;
using Akka.Payments.Shared;

namespace Akka.Payments.Node.Kafka.Embedded;

/// <summary>
/// <c>Cluster.Node kafka [--data-dir D] [--brokers N] [--partitions N]</c>: the embedded Kafka as a process of its
/// own, so that several nodes can share it. Creates the core topics, writes the bootstrap string to
/// <c>&lt;data dir&gt;/kafka.bootstrap</c> (point nodes at it with <c>Kafka__BootstrapServers=$(cat ...)</c> or
/// <c>Kafka__BootstrapFile=...</c>), logs it, and serves until SIGTERM or Ctrl-C. For tests and chaos scripts it
/// also serves fault injection (<see cref="EmbeddedKafkaControl"/>) on a loopback URL written to
/// <c>&lt;data dir&gt;/kafka.control</c>.
/// </summary>
public static class EmbeddedKafkaCommand
{
    public const string Usage = """
        usage: Cluster.Node kafka [--data-dir DIR (./data)] [--brokers N (3)] [--partitions N (12)]

        Writes the bootstrap servers to DIR/kafka.bootstrap, and the URL of a loopback fault-injection endpoint
        (for tests and chaos scripts only) to DIR/kafka.control:
          POST   /brokers/{id}/down | /brokers/{id}/up       a broker (1..N) stops answering, or answers again
          POST   /brokers/{id}/rtt?ms=N                       every response of the broker is delayed N ms (0 ends it)
          POST   /partitions/{topic}/{p}/leader?broker=N      the partition's leader moves to broker N
          POST   /coordinators/{group|transaction}/{key}?broker=N
          POST   /errors/{api}?errors=E1,E2,...               the next requests of the api fail with E1, E2, ... in turn
          DELETE /errors/{api}                                drops those no request has received yet
          POST   /requests/tracking, GET /requests, DELETE /requests/tracking   count the requests received, by api
        api: Produce, Fetch, OffsetCommit, ... or an ApiKey number; E: NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT,
        COORDINATOR_NOT_AVAILABLE, ... or an error code. Each fault applied is logged on one line; a bad request
        answers 400 with the reason.
        """;

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
        var controlFile = Path.Combine(dataDir, EmbeddedKafkaControl.FileName);
        using (var kafka = EmbeddedKafka.Start(brokers))
        {
            foreach (var topic in Topics.Core) kafka.CreateTopic(topic, partitions);
            await using (var control = await EmbeddedKafkaControlServer.Start(new EmbeddedKafkaControl(kafka, Log)))
            {
                // The control file first: whoever waits for the bootstrap file finds both.
                await File.WriteAllTextAsync(controlFile, control.Url.GetLeftPart(UriPartial.Authority) + Environment.NewLine);
                await File.WriteAllTextAsync(file, kafka.BootstrapServers + Environment.NewLine);
                Log($"Embedded Kafka bootstrap: {kafka.BootstrapServers} ({brokers} brokers, topics {string.Join(", ", Topics.Core)} with {partitions} partitions; written to {file})");
                Log($"Embedded Kafka fault injection (tests and chaos only): {control.Url.GetLeftPart(UriPartial.Authority)} (written to {controlFile})");
                await stop.Task;
                Log("Embedded Kafka stopping");
                try { File.Delete(file); } catch (IOException) { }
                try { File.Delete(controlFile); } catch (IOException) { }
            }
        }
        Log("Embedded Kafka stopped");
        return 0;
    }

    private static bool TryCount(string? text, int max, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max;

    private static void Log(string line) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} info: {line}");
}
