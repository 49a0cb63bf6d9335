using Akka.Payments.Node.Control.Scaling;
using Akka.Payments.Shared.Events;
using Akka.Payments.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>
/// The <c>process</c> actuator with a real <c>Cluster.Node</c> process (<c>dotnet Cluster.Node.dll</c> from the test's
/// output folder, on its own embedded Kafka): a scale-out starts it, a scale-in sends it SIGTERM and it drains and
/// exits cleanly.
/// </summary>
public sealed class ProcessActuatorSpec : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("payments-process-actuator-").FullName;
    private readonly ProcessActuator _actuator;

    public ProcessActuatorSpec()
    {
        var launch = new NodeLaunch("dotnet", new List<string> { Path.Combine(AppContext.BaseDirectory, "Cluster.Node.dll") },
            new List<string> { "--Management:Url=http://127.0.0.1:0", "--CLUSTER_PORT=0" }, _root);
        _actuator = new ProcessActuator(launch, NullLogger<ProcessActuator>.Instance) { StopTimeout = TimeSpan.FromSeconds(60) };
    }

    private static ScaleDecided Decision(int from, int to) =>
        new("scale-1", DateTimeOffset.UtcNow, from, to, "manual", "spec", null);

    [Fact]
    public async Task A_scale_out_starts_a_node_process_and_a_scale_in_stops_it_with_sigterm_so_that_it_drains_and_exits_cleanly()
    {
        await _actuator.Scale(1, 2, Decision(1, 2));
        var node = Assert.Single(_actuator.Started);
        var log = Path.Combine(node.DataDir, "node.log");
        Assert.StartsWith(_root, node.DataDir);
        await Eventually.Until(() => File.Exists(log) ? ReadShared(log) : "", text => text.Contains("Payment stream started", StringComparison.Ordinal),
            TimeSpan.FromSeconds(120), "the started node's payment stream to run");

        await _actuator.Scale(2, 1, Decision(2, 1));

        Assert.Empty(_actuator.Started);
        var text = ReadShared(log);
        // It drained: SIGTERM, not a kill. On failure, the node's own account of its stop says why.
        Assert.True(text.Contains("Payment stream stopped", StringComparison.Ordinal),
            $"the node did not log that its payment stream stopped; the end of its log:\n{Tail(text, 40)}");
    }

    [Fact]
    public async Task A_scale_in_below_the_processes_it_started_stops_nothing_else()
    {
        await _actuator.Scale(3, 1, Decision(3, 1));
        Assert.Empty(_actuator.Started);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    private static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));

    public void Dispose()
    {
        _actuator.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
