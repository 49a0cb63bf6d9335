using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary><c>cluster leave</c> against a real node process: refused without the right token, obeyed with it.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ManagementLeaveSpec(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("payments-leave-").FullName;

    [Fact]
    public async Task Leave_with_a_wrong_token_changes_nothing_and_with_the_token_the_node_drains_leaves_and_exits_0()
    {
        using var node = NodeProcess.Start("node", new Dictionary<string, string>
        {
            ["Payments__DataDir"] = _dataDir,
            ["Management__Url"] = "http://127.0.0.1:0",
            ["Management__Token"] = "the-configured-token",
        }, output);
        var announced = await node.WaitUntilReady(TimeSpan.FromSeconds(60));
        var url = (await File.ReadAllTextAsync(Path.Combine(_dataDir, "management.url"))).Trim();
        Assert.Equal(announced.GetLeftPart(UriPartial.Authority), url);
        Assert.False(File.Exists(Path.Combine(_dataDir, "management.token")), "a configured token must not be written out");
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        using (var refused = await http.SendAsync(Leave("wrong-token")))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var members = await http.GetFromJsonAsync<JsonElement>("/cluster/members");
        Assert.Equal("Up", Assert.Single(members.GetProperty("members").EnumerateArray()).GetProperty("status").GetString());
        Assert.False(node.HasExited);

        using (var accepted = await http.SendAsync(Leave("the-configured-token")))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        Assert.Equal(0, await node.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(node.Lines, l => l.Contains("Payment stream stopped"));
        Assert.Contains(node.Lines, l => l.Contains("Exiting completed"));
        Assert.False(File.Exists(Path.Combine(_dataDir, "management.url")), "the url file outlived the endpoint");
    }

    private static HttpRequestMessage Leave(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/cluster/leave") { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
