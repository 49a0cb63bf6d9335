using Akka.Payments.Node.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Hosting;

/// <summary>
/// The node: serves until Ctrl-C or SIGTERM, then drains, commits and leaves the cluster (exit 0); or until the cluster
/// downs it (exit <see cref="NodeExit.Downed"/>).
/// </summary>
public static class NodeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var malloc = MallocThreshold.Apply();
        IHost host;
        try
        {
            host = NodeHost.Build(NodeHost.CreateBuilder(args));
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        var exit = host.Services.GetRequiredService<NodeExit>();
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NodeCommand)).LogInformation("Memory: {Malloc}", malloc);
        try
        {
            await host.RunAsync();
            return exit.Code;
        }
        catch (OperationCanceledException)
        {
            // The start was cut short: a stop was asked for (SIGTERM, Ctrl-C), or the ActorSystem ended while the node
            // was starting (Akka.Hosting then stops the host). Unhandled, this was an abort with exit code 134.
            await Console.Error.WriteLineAsync("The node stopped before it had started: the start was cancelled (a stop was asked for, or its actor system ended; see above)");
            return exit.Code == NodeExit.Downed ? NodeExit.Downed : 1;
        }
        catch (Exception e)
        {
            // A start that fails past configuration (a busy port, an unreachable database): one line, not a trace.
            var cause = e is AggregateException many ? many.Flatten().InnerExceptions[0] : e;
            await Console.Error.WriteLineAsync($"The node stopped: {cause.Message}");
            return 1;
        }
    }
}
