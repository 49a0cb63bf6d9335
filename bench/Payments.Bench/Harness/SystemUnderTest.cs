using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Akka.Payments.Bench.Harness;

/// <summary>
/// The process being measured — Cluster.Node ("ours"), the baseline worker or the Streamiz worker — with its CPU time
/// and peak resident memory read from /proc, so all are measured the same way.
/// </summary>
public sealed class SystemUnderTest : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private SystemUnderTest(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The consumer group it reads <c>payments.requested</c> with (Kafka Streams: its application id).</summary>
    public string GroupId => GroupOf(Name);

    private static string GroupOf(string target) => target switch
    {
        "ours" => "bench-ours",
        "streamiz" => Streamiz.StreamizTopology.ApplicationId,
        _ => Baseline.BaselineWorker.GroupId,
    };

    public static async Task<SystemUnderTest> Start(string target, string journal, string bootstrap, string connection, string dataDir)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string ready;
        if (target == "ours")
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cluster.Node.dll"));
            info.Environment["Kafka__BootstrapServers"] = bootstrap;
            info.Environment["Kafka__GroupId"] = GroupOf(target);
            info.Environment["Kafka__Consumer__fetch.wait.max.ms"] = "10";
            info.Environment["Payments__DataDir"] = dataDir;
            info.Environment["Management__Url"] = "http://127.0.0.1:0";
            info.Environment["Journal__Provider"] = journal == "postgres" ? "PostgreSQL" : "Sqlite";
            info.Environment["Journal__ConnectionString"] = connection;
            info.Environment["Rules__VelocityPerMinute"] = "1000000";
            info.Environment["Rules__DailyLimit"] = "1000000000";
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            info.Environment["Logging__LogLevel__Akka.Payments.Node.Pipeline"] = "Information";
            ready = "Payment stream started";
        }
        else if (target == "streamiz")
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Payments.Bench.dll"));
            foreach (var arg in new[] { "streamiz-worker", "--bootstrap", bootstrap, "--state-dir", Path.Combine(dataDir, "streamiz") })
                info.ArgumentList.Add(arg);
            ready = StreamizReadyLine;
        }
        else
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Payments.Bench.dll"));
            foreach (var arg in new[] { "baseline-worker", "--bootstrap", bootstrap, "--journal", journal, "--connection", connection })
                info.ArgumentList.Add(arg);
            ready = BaselineReadyLine;
        }
        var process = new Process { StartInfo = info };
        var sut = new SystemUnderTest(target, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) sut._log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) sut._log.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!sut._log.Any(l => l.Contains(ready, StringComparison.Ordinal)))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(90))
                throw new InvalidOperationException($"{target} did not start:{Environment.NewLine}{string.Join(Environment.NewLine, sut._log.TakeLast(30))}");
            await Task.Delay(50);
        }
        return sut;
    }

    public const string BaselineReadyLine = "Baseline worker started";
    public const string StreamizReadyLine = "Streamiz worker started";

    /// <summary>User + system CPU seconds the process has used so far.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /// <summary>Peak resident set size so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Current resident set size (VmRSS), in MiB.</summary>
    public double RssMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public IEnumerable<string> Log => _log;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
