using System.ComponentModel;
using System.Diagnostics;

namespace Akka.Payments.IntegrationTests.Deployment;

/// <summary>The Swarm stack file is valid for <c>docker stack deploy</c> (checked by the docker CLI, no engine needed).</summary>
public sealed class DockerStackSpec
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Akka.Payments.sln"))) return dir.FullName;
        throw new InvalidOperationException("Akka.Payments.sln not found above " + AppContext.BaseDirectory);
    }

    private static (int ExitCode, string Output, string Error) Docker(params string[] args)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"The docker CLI is needed to validate docker/docker-stack.yml and was not found ({e.Message}). Install it (Debian: docker.io or docker-ce-cli); no engine is needed.", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error);
        }
    }

    [Fact]
    public void The_stack_file_passes_docker_stack_config_and_rolls_nodes_one_at_a_time()
    {
        var stack = Path.Combine(RepositoryRoot(), "docker", "docker-stack.yml");
        var (exitCode, output, error) = Docker("stack", "config", "-c", stack);
        Assert.True(exitCode == 0 && error.Trim().Length == 0, $"docker stack config -c {stack} exited with {exitCode}: {error}");

        Assert.Contains("replicas: 3", output);
        Assert.Contains("parallelism: 1", output);
        Assert.Contains("order: start-first", output);
        Assert.Contains("stop_grace_period: 1m30s", output);
        Assert.Contains("driver: overlay", output);
        Assert.Contains("KAFKA_PROCESS_ROLES: broker,controller", output);
    }
}
