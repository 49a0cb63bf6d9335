using System.Diagnostics;

namespace Akka.Payments.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> in a temp folder, <c>pg_ctl start</c> on a free loopback port. A fault
/// spec may <see cref="Stop"/> it and <see cref="Start()"/> it again on the same data and port.
/// </summary>
internal sealed class LocalPostgreSql : IDisposable
{
    private readonly string _pgCtl;
    private readonly string _root;
    private readonly string _dataDir;
    private bool _stopped;

    private LocalPostgreSql(string pgCtl, string root, string dataDir, int port)
    {
        _pgCtl = pgCtl;
        _root = root;
        _dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50";

    /// <summary>The folder holding initdb and pg_ctl: on the PATH, else Debian's /usr/lib/postgresql/&lt;version&gt;/bin.</summary>
    public static string? FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(v => Path.Combine(v, "bin"))
                : []);
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
    }

    public static LocalPostgreSql Start(string bin)
    {
        var root = Directory.CreateTempSubdirectory("payments-pg-").FullName;
        // The server refuses to run as root: it runs as `postgres`, which must be able to enter and write the folder.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(root, (UnixFileMode)0b111_111_111);
        var dataDir = Path.Combine(root, "data");
        var port = FreePort.Next();
        var server = new LocalPostgreSql(Path.Combine(bin, "pg_ctl"), root, dataDir, port);
        Run(Path.Combine(bin, "initdb"), "-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        server.Start();
        return server;
    }

    /// <summary>Starts the server on its data folder and port (again, after <see cref="Stop"/>); returns once it accepts connections.</summary>
    public void Start() =>
        Run(_pgCtl, "-D", _dataDir, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start");

    /// <summary>
    /// <c>pg_ctl stop -m fast</c>: the server rolls back open transactions, closes every connection and shuts down
    /// (an outage as a restart or a failover causes it); returns once it is down. <see cref="Start()"/> brings it back.
    /// </summary>
    public void Stop() => Run(_pgCtl, "-D", _dataDir, "-m", "fast", "-w", "-t", "60", "stop");

    private static bool IsRoot => Environment.UserName == "root";

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(IsRoot ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (IsRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program }) info.ArgumentList.Add(a);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(90_000)) { process.Kill(); throw new InvalidOperationException($"{program} did not finish in 90 s"); }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {stderr.Trim()} {stdout.Result.Trim()}");
    }

    public void Dispose()
    {
        if (_stopped) return;
        _stopped = true;
        try { Run(_pgCtl, "-D", _dataDir, "-m", "immediate", "-w", "stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
