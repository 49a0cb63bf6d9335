using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Akka.Payments.Testing;
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
    public static NodeProcess StartAssembly(string assembly, string name, IReadOnlyDictionary<string, string> environment, ITestOutputHelper? output, params string[] args) =>
        StartWrapped([], assembly, name, environment, output, args);

    /// <summary>
    /// Starts <c>dotnet &lt;assembly&gt;</c> through a command that runs it, such as <c>ip netns exec NS</c> (which
    /// execs, so the process, its pid and its signals are dotnet's own); an empty prefix starts dotnet directly.
    /// </summary>
    public static NodeProcess StartWrapped(IReadOnlyList<string> commandPrefix, string assembly, string name, IReadOnlyDictionary<string, string> environment,
        ITestOutputHelper? output, params string[] args)
    {
        var nodeDll = Path.Combine(AppContext.BaseDirectory, assembly);
        var info = new ProcessStartInfo(commandPrefix.Count > 0 ? commandPrefix[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (commandPrefix.Count > 0)
        {
            foreach (var part in commandPrefix.Skip(1)) info.ArgumentList.Add(part);
            info.ArgumentList.Add("dotnet");
        }
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

    /// <summary>
    /// Waits until the process's management endpoint answers <c>/ready</c> with 200 (for a node: it is Up in the
    /// cluster, its journal answers and its payment stream runs) and returns the endpoint's URL. The URL is the one
    /// the process announced in its own output (port 0 is asked for, so only the process knows it); fails at once if
    /// the process exits first.
    /// </summary>
    public async Task<Uri> WaitUntilReady(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Until(async () =>
        {
            if (_process.HasExited) throw Eventually.GiveUp($"{_name} exited with {_process.ExitCode} before it was ready; its last lines:{LastLines()}");
            var url = AnnouncedManagementUrl() ?? throw new InvalidOperationException("no management endpoint announced yet");
            using var response = await http.GetAsync(new Uri(url, "/ready"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, ready => ready.StatusCode == HttpStatusCode.OK, within, $"{_name}'s /ready to answer 200");
        return AnnouncedManagementUrl()!;
    }

    /// <summary>
    /// The process's last lines, for a failure message: a collection fixture's output goes nowhere a CI log shows, and
    /// a process that died at start (an unhandled exception's trace, exit 134) is otherwise a bare exit code.
    /// </summary>
    private string LastLines() => string.Concat(_lines.TakeLast(25).Select(l => $"{Environment.NewLine}  [{_name}] {l}"));

    /// <summary>The management endpoint's URL as the process announced it, or null before it did.</summary>
    public Uri? AnnouncedManagementUrl()
    {
        var match = _lines.Select(l => ManagementUrlLine().Match(l)).LastOrDefault(m => m.Success);
        return match is null ? null : new Uri(match.Groups[1].Value);
    }

    /// <summary>Waits until a file the process publishes (a bootstrap string, a URL) is written whole, and returns its text.</summary>
    public async Task<string> WaitForFile(string path, TimeSpan within) =>
        (await Eventually.Until(() =>
        {
            if (_process.HasExited) throw Eventually.GiveUp($"{_name} exited with {_process.ExitCode} before writing {path}; its last lines:{LastLines()}");
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }, text => text.EndsWith('\n'), within, $"{_name} to write {path}")).Trim();

    [GeneratedRegex(@"Management endpoint: (\S+)")]
    private static partial Regex ManagementUrlLine();

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

    /// <summary>Waits, at most <paramref name="within"/>, for the process to end by itself and returns its exit code (output fully read).</summary>
    public async Task<int> WaitForExit(TimeSpan within)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(within);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} did not exit within {within.TotalSeconds:0.#} s; its last lines:{Environment.NewLine}" +
                                       string.Join(Environment.NewLine, _lines.TakeLast(20)));
        }
        return _process.ExitCode;
    }

    /// <summary>
    /// SIGSTOP: the process is frozen as a long GC pause or a stalled VM would freeze it; it sends no heartbeat, answers
    /// nothing and notices nothing until <see cref="Resume"/>.
    /// </summary>
    public void Pause() => Signal(SigStop, "SIGSTOP");

    /// <summary>SIGCONT: a paused process runs on from where it was frozen, unaware of the time that passed.</summary>
    public void Resume() => Signal(SigCont, "SIGCONT");

    /// <summary>The process's resident set size (VmRSS in /proc/&lt;pid&gt;/status), in bytes; null once it exited or off Linux.</summary>
    public long? ResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            // "VmRSS:     123456 kB"
            return line is null ? null : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Signal(int signal, string name)
    {
        if (SendSignal(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {name}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    private const int SigTerm = 15;
    private const int SigStop = 19; // Linux x86-64 and arm64
    private const int SigCont = 18;

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
