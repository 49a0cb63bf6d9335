using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Akka.Payments.Bench.Harness;

/// <summary>
/// What is being measured — Cluster.Node ("ours"), two Cluster.Node processes in one cluster ("ours-2n"), the baseline
/// worker or the Streamiz worker — with its CPU time and resident memory read from /proc, summed over its processes,
/// so all are measured the same way.
/// </summary>
public sealed class SystemUnderTest : IDisposable
{
    /// <summary>The two-node cluster: the same node twice, the second joining the first, sharing a PostgreSQL journal.</summary>
    public const string TwoNodes = "ours-2n";

    private readonly List<Process> _processes = [];
    private readonly ConcurrentQueue<string> _log = new();

    private SystemUnderTest(string name) => Name = name;

    public string Name { get; }

    /// <summary>The consumer group it reads <c>payments.requested</c> with (Kafka Streams: its application id).</summary>
    public string GroupId => GroupOf(Name);

    private static string GroupOf(string target) => target switch
    {
        "ours" or TwoNodes => "bench-ours",
        "streamiz" => Streamiz.StreamizTopology.ApplicationId,
        _ => Baseline.BaselineWorker.GroupId,
    };

    public static async Task<SystemUnderTest> Start(string target, string journal, string bootstrap, string connection, string dataDir, int partitions)
    {
        var sut = new SystemUnderTest(target);
        try
        {
            if (target == TwoNodes)
            {
                if (journal != "postgres")
                    throw new InvalidOperationException($"{TwoNodes} shares one journal between two processes: run it with --journal postgres");
                var seedPort = FreePort();
                var seed = $"akka.tcp://payments@127.0.0.1:{seedPort}";
                for (var n = 1; n <= 2; n++)
                {
                    var info = Ours(journal, bootstrap, connection, Path.Combine(dataDir, $"node-{n}"), partitions);
                    info.Environment["CLUSTER_IP"] = "127.0.0.1";
                    info.Environment["CLUSTER_PORT"] = (n == 1 ? seedPort : 0).ToString(CultureInfo.InvariantCulture);
                    info.Environment["CLUSTER_SEEDS"] = seed;
                    // The embedded broker holds a rebalance of a live group for the session timeout less a second: with
                    // the node's 45 s, the second node's join stops both consumers for 44 s (measured: a first trial
                    // that decided nothing). A real broker ends it once every member has rejoined. Short sessions, as
                    // the process specs use.
                    info.Environment["Kafka__Consumer__session.timeout.ms"] = "6000";
                    info.Environment["Kafka__Consumer__heartbeat.interval.ms"] = "500";
                    sut.Launch(info, $"node-{n}: ");
                }
                await sut.WaitFor("Payment stream started", count: 2);
            }
            else if (target == "ours")
            {
                sut.Launch(Ours(journal, bootstrap, connection, dataDir, partitions), "");
                await sut.WaitFor("Payment stream started", count: 1);
            }
            else if (target == "streamiz")
            {
                sut.Launch(BenchWorker("streamiz-worker", "--bootstrap", bootstrap, "--state-dir", Path.Combine(dataDir, "streamiz")), "");
                await sut.WaitFor(StreamizReadyLine, count: 1);
            }
            else
            {
                sut.Launch(BenchWorker("baseline-worker", "--bootstrap", bootstrap, "--journal", journal, "--connection", connection), "");
                await sut.WaitFor(BaselineReadyLine, count: 1);
            }
            return sut;
        }
        catch
        {
            sut.Dispose(); // never leave a process running behind a failed start
            throw;
        }
    }

    /// <param name="partitions">The input topic's: as many account shards, each following its partition
    /// (<c>Payments__ShardAllocation=least-shards</c> in the bench's environment measures without it).</param>
    private static ProcessStartInfo Ours(string journal, string bootstrap, string connection, string dataDir, int partitions)
    {
        Directory.CreateDirectory(dataDir);
        var info = Dotnet("Cluster.Node.dll");
        info.Environment["Kafka__BootstrapServers"] = bootstrap;
        info.Environment["Kafka__GroupId"] = GroupOf("ours");
        info.Environment["Kafka__Consumer__fetch.wait.max.ms"] = "10";
        info.Environment["Payments__DataDir"] = dataDir;
        info.Environment["Payments__Shards"] = partitions.ToString(CultureInfo.InvariantCulture);
        info.Environment["Payments__ShardAllocation"] = Environment.GetEnvironmentVariable("Payments__ShardAllocation") ?? "partitions";
        info.Environment["Management__Url"] = "http://127.0.0.1:0";
        info.Environment["Journal__Provider"] = journal == "postgres" ? "PostgreSQL" : "Sqlite";
        info.Environment["Journal__ConnectionString"] = connection;
        info.Environment["Rules__VelocityPerMinute"] = "1000000";
        info.Environment["Rules__DailyLimit"] = "1000000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Akka.Payments.Node.Pipeline"] = "Information";
        return info;
    }

    private static ProcessStartInfo BenchWorker(params string[] args)
    {
        var info = Dotnet("Payments.Bench.dll");
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return info;
    }

    private static ProcessStartInfo Dotnet(string dll)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        return info;
    }

    private void Launch(ProcessStartInfo info, string prefix)
    {
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(prefix + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(prefix + e.Data); };
        process.Start();
        _processes.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Until <paramref name="count"/> lines say <paramref name="ready"/> (one per process).</summary>
    private async Task WaitFor(string ready, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (_log.Count(l => l.Contains(ready, StringComparison.Ordinal)) < count)
        {
            if (_processes.Any(p => p.HasExited) || deadline.Elapsed > TimeSpan.FromSeconds(90))
                throw new InvalidOperationException($"{Name} did not start:{Environment.NewLine}{string.Join(Environment.NewLine, _log.TakeLast(30))}");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public const string BaselineReadyLine = "Baseline worker started";
    public const string StreamizReadyLine = "Streamiz worker started";

    /// <summary>User + system CPU seconds its processes have used so far.</summary>
    public double CpuSeconds() => _processes.Sum(CpuSeconds);

    private static double CpuSeconds(Process process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /// <summary>Peak resident set size so far (VmHWM), in MiB, summed over its processes (each one's own peak).</summary>
    public double PeakRssMiB() => _processes.Sum(p => StatusMiB(p, "VmHWM:"));

    /// <summary>Current resident set size (VmRSS), in MiB, summed over its processes.</summary>
    public double RssMiB() => _processes.Sum(p => StatusMiB(p, "VmRSS:"));

    private static double StatusMiB(Process process, string field)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Where the processes' output goes when they stop, if <c>PAYMENTS_BENCH_SUT_LOG</c> names a file (appended):
    /// to see what a system did during a run, beyond its progress lines.</summary>
    private static readonly string? LogFile = Environment.GetEnvironmentVariable("PAYMENTS_BENCH_SUT_LOG");

    /// <summary>Each node's last progress line (ours logs its counters every 10 s while they change): with two nodes,
    /// what each one decided.</summary>
    public IEnumerable<string> NodeProgress() => _log
        .Where(l => l.Contains("Payment stream: confirmed=", StringComparison.Ordinal))
        .GroupBy(l => l.StartsWith("node-", StringComparison.Ordinal) ? l[..6] : "")
        .Select(g => g.Last());

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            process.Dispose();
        }
        if (LogFile is not null) File.AppendAllLines(LogFile, [$"== {Name}", .. _log]);
    }
}
