using System.Diagnostics;

namespace Akka.Payments.IntegrationTests.Faults.Network;

/// <summary>
/// A Linux network namespace joined to the root one by a veth pair on a /30 of its own: <see cref="RootAddress"/> on
/// the root side, <see cref="InnerAddress"/> inside. A process started with <see cref="ExecPrefix"/> sees only that
/// link and its own loopback, so the root namespace's 127.0.0.1 (where the embedded Kafka and PostgreSQL listen) is
/// out of its reach unless bridged (<see cref="LoopbackBridge"/>). <see cref="Cut"/> takes the root side of the link
/// down: packets are dropped, not refused, as on a real partition; the root side's own address stays usable to the
/// processes of the root namespace. Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) and iproute2's <c>ip</c>.
/// </summary>
/// <remarks>The names are fixed so that a run can remove what a crashed earlier run left behind; two runs of this
/// spec on one machine at the same time would collide (CI runs one).</remarks>
public sealed class IsolatedNamespace : IDisposable
{
    public const string Name = "payments-partition";
    public const string RootLink = "pay-part0";
    public const string InnerLink = "pay-part1";
    public const string RootAddress = "10.231.0.1";
    public const string InnerAddress = "10.231.0.2";
    private const int PrefixLength = 30; // 10.231.0.0/30: two hosts, far from Docker's and the usual LAN ranges

    private bool _disposed;

    private IsolatedNamespace()
    {
    }

    /// <summary>Runs <c>dotnet</c> (or anything) inside the namespace; <c>ip netns exec</c> execs, so the pid is the program's.</summary>
    public static IReadOnlyList<string> ExecPrefix { get; } = ["ip", "netns", "exec", Name];

    /// <summary>Why no namespace can be made here (not root, no <c>ip</c>), or null.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces are Linux only";
        if (Environment.UserName != "root") return $"network namespaces need root (CAP_SYS_ADMIN); the tests run as {Environment.UserName}";
        try
        {
            var (code, _, error) = Ip("netns", "list");
            return code == 0 ? null : $"`ip netns list` failed: {error}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"no iproute2 `ip` to make a network namespace with: {e.Message}";
        }
    }

    /// <summary>Removes whatever an earlier run left (the namespace, the root side of its link), then makes both anew.</summary>
    public static IsolatedNamespace Create()
    {
        RemoveLeftovers();
        var created = new IsolatedNamespace();
        try
        {
            Must("netns", "add", Name);
            Must("link", "add", RootLink, "type", "veth", "peer", "name", InnerLink, "netns", Name);
            Must("addr", "add", $"{RootAddress}/{PrefixLength}", "dev", RootLink);
            Must("link", "set", RootLink, "up");
            Must("-n", Name, "addr", "add", $"{InnerAddress}/{PrefixLength}", "dev", InnerLink);
            Must("-n", Name, "link", "set", InnerLink, "up");
            Must("-n", Name, "link", "set", "lo", "up"); // the bridge's listeners live on the namespace's 127.0.0.1
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>The partition: the link goes down; from now on nothing crosses it (the bridge to 127.0.0.1 does not use it).</summary>
    public void Cut() => Must("link", "set", RootLink, "down");

    public void Heal() => Must("link", "set", RootLink, "up");

    /// <summary>Deleting the namespace deletes the veth end inside it and so the pair; the root end is deleted too in
    /// case processes still hold the namespace alive.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        RemoveLeftovers();
    }

    private static void RemoveLeftovers()
    {
        Ip("link", "del", RootLink); // fails when there is none: that is the usual case
        Ip("netns", "del", Name);
    }

    private static void Must(params string[] args)
    {
        var (code, output, error) = Ip(args);
        if (code != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)} exited with {code}: {error.Trim()} {output.Trim()}");
    }

    private static (int Code, string Output, string Error) Ip(params string[] args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ip");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new InvalidOperationException($"ip {string.Join(' ', args)} did not finish in 30 s");
        }
        return (process.ExitCode, output.Result, error);
    }
}
