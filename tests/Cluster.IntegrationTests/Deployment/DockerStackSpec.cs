using System.ComponentModel;
using System.Diagnostics;

namespace Akka.Payments.IntegrationTests.Deployment;

/// <summary>The Swarm stack file is valid for <c>docker stack deploy</c> (checked by the docker CLI, no engine needed;
/// skipped with the reason where the CLI is missing).</summary>
public sealed class DockerStackSpec
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Akka.Payments.sln"))) return dir.FullName;
        throw new InvalidOperationException("Akka.Payments.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs the docker CLI; null when there is none on the PATH.</summary>
    private static (int ExitCode, string Output, string Error)? Docker(params string[] args)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            return null;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"docker {string.Join(' ', args)} did not finish within 60 s");
            }
            process.WaitForExit(); // the output is read to its end
            return (process.ExitCode, output.Result, error.Result);
        }
    }

    /// <summary>
    /// The precondition, stated: a docker CLI with <c>docker stack config</c> (only the client; no engine is needed).
    /// <c>.ci/run</c> installs one, so this skips only on a machine set up by hand. <c>--help</c> exits 0 even where the
    /// command is missing (Debian 12's docker.io 20.10), so the help text decides.
    /// </summary>
    private static string? WhyNoDockerStackConfig()
    {
        const string install = "install the docker CLI (.ci/run does: Docker's static client into /usr/local/bin); no engine is needed";
        var help = Docker("stack", "config", "--help");
        if (help is null) return $"no docker CLI on the PATH to validate docker/docker-stack.yml: {install}";
        return help.Value.Output.Contains("docker stack config", StringComparison.Ordinal)
            ? null
            : $"the docker CLI on the PATH has no 'docker stack config' (Debian 12's docker.io 20.10 lacks it): {install}";
    }

    [SkippableFact]
    public void The_stack_file_passes_docker_stack_config_and_rolls_nodes_one_at_a_time()
    {
        var missing = WhyNoDockerStackConfig();
        Skip.If(missing is not null, missing);
        var stack = Path.Combine(RepositoryRoot(), "docker", "docker-stack.yml");
        var (exitCode, output, error) = Docker("stack", "config", "-c", stack)!.Value;
        Assert.True(exitCode == 0 && error.Trim().Length == 0, $"docker stack config -c {stack} exited with {exitCode}: {error}");

        Assert.Contains("replicas: 3", output);
        Assert.Contains("parallelism: 1", output);
        Assert.Contains("order: start-first", output);
        Assert.Contains("stop_grace_period: 1m30s", output);
        Assert.Contains("driver: overlay", output);
        Assert.Contains("KAFKA_PROCESS_ROLES: broker,controller", output);
    }
}
