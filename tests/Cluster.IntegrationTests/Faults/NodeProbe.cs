using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>What the fault specs read from a node's management endpoint while it is under a fault.</summary>
internal static class NodeProbe
{
    /// <summary><c>GET /ready</c>: the status and the checks, whatever the status (503 carries the reasons).</summary>
    public static async Task<(HttpStatusCode Status, ReadinessResponse? Body)> Ready(NodeProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.AnnouncedManagementUrl(), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(ManagementPaths.Ready);
        var body = await response.Content.ReadFromJsonAsync(ManagementJsonContext.Default.ReadinessResponse);
        return (response.StatusCode, body);
    }

    public static string Describe((HttpStatusCode Status, ReadinessResponse? Body) ready) =>
        $"{(int)ready.Status} " + string.Join("; ", ready.Body?.Checks.Select(c => c.Ok ? $"{c.Name} ok" : $"{c.Name}: {c.Problem}") ?? []);

    /// <summary>The sum of a metric's samples (all label sets) in the node's <c>/metrics</c>.</summary>
    public static async Task<double> Metric(NodeProcess node, string name)
    {
        using var http = new HttpClient { BaseAddress = node.AnnouncedManagementUrl(), Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(ManagementPaths.Metrics);
        return text.Split('\n')
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is ' ' or '{'))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>How many of the node's output lines so far contain <paramref name="text"/>.</summary>
    public static int CountLines(NodeProcess node, string text) => node.Lines.Count(l => l.Contains(text, StringComparison.Ordinal));
}
