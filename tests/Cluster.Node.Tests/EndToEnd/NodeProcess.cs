using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>A real node process (<c>dotnet Cluster.Node.dll</c>) with its output captured.</summary>
public sealed partial class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ITestOutputHelper? _output;
    private readonly string _name;

    private NodeProcess(Process process, string name, ITestOutputHelper? output)
    {
        _process = process;
        _name = name;
        _output = output;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IEnumerable<string> Lines => _lines;

    public static NodeProcess Start(string name, IReadOnlyDictionary<string, string> environment, ITestOutputHelper? output, params string[] args) =>
        StartAssembly("Cluster.Node.dll", name, environment, output, args);

    /// <summary>Starts <c>dotnet &lt;assembly&gt;</c> from the test's output folder (Cluster.Node.dll, Lighthouse.dll).</summary>
    public static NodeProcess StartAssembly(string assembly, string name, IReadOnlyDictionary<string, string> environment, ITestOutputHelper? output, params string[] args)
    {
        var nodeDll = Path.Combine(AppContext.BaseDirectory, assembly);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(nodeDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["Management__Url"] = "http://127.0.0.1:0"; // many nodes on one machine: no fixed port
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(process, name, output);
        process.OutputDataReceived += (_, e) => node.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => node.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        try { _output?.WriteLine($"[{_name}] {line}"); } catch (InvalidOperationException) { /* test already finished */ }
    }

    /// <summary>Waits until the node logged a line containing <paramref name="text"/>; fails if it exits first.</summary>
    public async Task WaitForLog(string text, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal))) return;
            if (_process.HasExited)
                throw new InvalidOperationException($"{_name} exited with {_process.ExitCode} before logging '{text}'");
            await Task.Delay(50);
        }
        throw new TimeoutException($"{_name} did not log '{text}' within {within}");
    }

    /// <summary>kill -9: no drain, no commit, no leaving.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Docker or systemd would send it, and the exit code once the node has stopped.</summary>
    public async Task<int> Terminate(TimeSpan within)
    {
        if (SendSignal(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to end by itself and returns its exit code (output fully read).</summary>
    public async Task<int> WaitForExit(CancellationToken cancellation)
    {
        await _process.WaitForExitAsync(cancellation);
        return _process.ExitCode;
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); }
            catch (InvalidOperationException) { }
        }
        _process.Dispose();
    }
}
