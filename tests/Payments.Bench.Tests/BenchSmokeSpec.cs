using System.Diagnostics;
using Xunit.Abstractions;

namespace Akka.Payments.Bench.Tests;

/// <summary>The harness works end to end on a tiny run. It measures nothing worth keeping: benchmarks never run
/// inside the test suite.</summary>
public sealed class BenchSmokeSpec(ITestOutputHelper output)
{
    private static (int ExitCode, string Output) RunBench(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Payments.Bench.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void A_tiny_run_measures_ours_and_the_baseline_and_accounts_for_every_record()
    {
        var (exitCode, text) = RunBench("smoke");
        output.WriteLine(text);
        Assert.Equal(0, exitCode);
        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("ours ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("baseline ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("ok", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tiny_run_of_the_Streamiz_peer_decides_every_record_and_dead_letters_the_malformed_ones()
    {
        // "ok" is the harness's verdict: every request got its outcome on payments.processed and every malformed
        // record its dead letter, within the trial's deadline (the harness polls; nothing here sleeps).
        var (exitCode, text) = RunBench("smoke", "--target", "streamiz");
        output.WriteLine(text);
        Assert.Equal(0, exitCode);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("streamiz ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("ok", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_documents_the_modes_and_a_bad_option_prints_usage()
    {
        var (helpExit, help) = RunBench("--help");
        Assert.Equal(0, helpExit);
        foreach (var mode in new[] { "run", "sweep", "soak", "smoke", "baseline", "streamiz" }) Assert.Contains(mode, help);

        var (badExit, bad) = RunBench("run", "--rate", "fast");
        Assert.Equal(2, badExit);
        Assert.Contains("--rate must be a positive number", bad);
        Assert.Contains("Usage:", bad);
    }
}
