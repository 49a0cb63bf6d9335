using Akka.Payments.Node.Configuration;
using Microsoft.Extensions.Hosting;

namespace Akka.Payments.Node.Hosting;

/// <summary>The node: serves until Ctrl-C or SIGTERM, then drains, commits and leaves the cluster.</summary>
public static class NodeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
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
        await host.RunAsync();
        return 0;
    }
}
