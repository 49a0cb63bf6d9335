using System.Diagnostics;
using System.Runtime.InteropServices;
using Akka.Payments.Shared.Events;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// How to start another <c>Cluster.Node</c> like this one: the same executable and arguments, then
/// <paramref name="Overrides"/> (later command-line keys win: a free cluster and management port, the same seeds, Kafka
/// and journal), and a data directory of its own under <paramref name="DataDirRoot"/>.
/// </summary>
public sealed record NodeLaunch(string FileName, IReadOnlyList<string> Arguments, IReadOnlyList<string> Overrides, string DataDirRoot)
{
    /// <summary>This process's executable and arguments (<c>dotnet Cluster.Node.dll …</c> keeps the dll).</summary>
    /// <param name="nodeArguments">The node's arguments instead of this process's own, when this process is not a
    /// plain node (the demo: its nodes are started without the <c>demo</c> verb and its options).</param>
    public static NodeLaunch OfThisProcess(IReadOnlyList<string> overrides, string dataDirRoot, IReadOnlyList<string>? nodeArguments = null)
    {
        var args = Environment.GetCommandLineArgs();
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("this process has no executable path");
        var viaDotnet = Path.GetFileNameWithoutExtension(path) == "dotnet";
        string[] own = viaDotnet ? args : args[1..];
        if (nodeArguments is not null) own = [.. viaDotnet ? args[..1] : [], .. nodeArguments];
        return new NodeLaunch(path, own, overrides, dataDirRoot);
    }
}

/// <summary>
/// The <c>process</c> actuator: real elasticity on one machine. A scale-out starts <c>to - from</c> local
/// <c>Cluster.Node</c> processes (<see cref="NodeLaunch"/>); a scale-in sends SIGTERM to the youngest process it
/// started, so that node drains its stream, hands off its shards and leaves, and waits for it to exit (then kills it
/// after <see cref="StopTimeout"/>). It stops only processes it started: a scale-in below them is logged and left to
/// the operator. Each process writes its output to <c>node.log</c> in its data directory.
/// </summary>
public sealed class ProcessActuator(NodeLaunch launch, ILogger<ProcessActuator> log) : IScaleActuator, IDisposable
{
    public const string Name = "process";
    private const int SigTerm = 15;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<StartedNode> _started = [];
    private int _count;

    string IScaleActuator.Name => Name;

    /// <summary>How long a stopped node has to drain and leave before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The processes it started that still run, oldest first.</summary>
    public IReadOnlyList<StartedNode> Started
    {
        get { lock (_started) return _started.Where(n => !n.Process.HasExited).ToList(); }
    }

    public async Task Scale(int from, int to, ScaleDecided why)
    {
        await _gate.WaitAsync();
        try
        {
            for (var i = from; i < to; i++) Start(why);
            for (var i = to; i < from; i++)
            {
                StartedNode? youngest;
                lock (_started) youngest = _started.LastOrDefault(n => !n.Process.HasExited);
                if (youngest is null)
                {
                    log.LogWarning("Scale decision {Id} asks for {To} nodes, but no node this actuator started is left to stop", why.Id, to);
                    break;
                }
                await Stop(youngest);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Start(ScaleDecided why)
    {
        var dataDir = Path.Combine(launch.DataDirRoot, $"scaled-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{Interlocked.Increment(ref _count)}");
        Directory.CreateDirectory(dataDir);
        var info = new ProcessStartInfo(launch.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        foreach (var a in launch.Arguments) info.ArgumentList.Add(a);
        foreach (var a in launch.Overrides) info.ArgumentList.Add(a);
        info.ArgumentList.Add($"--Payments:DataDir={dataDir}");
        var output = new StreamWriter(Path.Combine(dataDir, "node.log")) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(output, e.Data);
        process.ErrorDataReceived += (_, e) => Write(output, e.Data);
        process.Exited += (_, _) => log.LogInformation("Node process {Pid} ({DataDir}) exited", SafePid(process), dataDir);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_started) _started.Add(new StartedNode(process, dataDir, output));
        log.LogInformation("Scale decision {Id}: started node process {Pid} with data in {DataDir}", why.Id, process.Id, dataDir);
    }

    private async Task Stop(StartedNode node)
    {
        log.LogInformation("Stopping node process {Pid} ({DataDir}) with SIGTERM: it drains, hands off and leaves", node.Process.Id, node.DataDir);
        Terminate(node.Process);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await node.Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            log.LogWarning("Node process {Pid} did not exit within {Timeout} of SIGTERM; killing it", node.Process.Id, StopTimeout);
            node.Process.Kill(entireProcessTree: true);
            await node.Process.WaitForExitAsync();
        }
        lock (_started) _started.Remove(node);
        node.Dispose();
    }

    private static void Terminate(Process process)
    {
        if (process.HasExited) return;
        if (OperatingSystem.IsWindows()) process.Kill(); // no SIGTERM there
        else _ = Kill(process.Id, SigTerm);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static void Write(StreamWriter output, string? line)
    {
        if (line is null) return;
        lock (output)
        {
            try { output.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
    }

    private static string SafePid(Process p)
    {
        try { return p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        catch (InvalidOperationException) { return "?"; }
    }

    /// <summary>Sends SIGTERM to every process it started and waits for them to exit (the node is stopping: they must
    /// not outlive it unnoticed).</summary>
    public void Dispose()
    {
        List<StartedNode> nodes;
        lock (_started) nodes = [.. _started];
        foreach (var n in nodes) Terminate(n.Process);
        foreach (var n in nodes)
        {
            if (!n.Process.WaitForExit(StopTimeout)) n.Process.Kill(entireProcessTree: true);
            n.Dispose();
        }
        lock (_started) _started.Clear();
        _gate.Dispose();
    }

    /// <summary>A node process this actuator started.</summary>
    public sealed record StartedNode(Process Process, string DataDir, StreamWriter Output) : IDisposable
    {
        public void Dispose()
        {
            Process.Dispose();
            lock (Output) Output.Dispose();
        }
    }
}
