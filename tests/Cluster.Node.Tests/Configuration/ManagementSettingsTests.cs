using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;

namespace Akka.Payments.Node.Tests.Configuration;

public sealed class ManagementSettingsTests
{
    private static void Build(params string[] args) =>
        NodeHost.Build(NodeHost.CreateBuilder([$"--Payments:DataDir={Path.GetTempPath()}", .. args])).Dispose();

    [Fact]
    public void Binding_a_non_loopback_address_without_a_token_stops_the_start_naming_the_setting()
    {
        var e = Assert.Throws<ConfigurationException>(() => Build("--Management:Url=http://0.0.0.0:9110"));
        Assert.Equal("Management:Token", e.Key);
        Assert.Contains("non-loopback", e.Message);
        Assert.Contains("Management__Token", e.Message);
    }

    [Fact]
    public void A_management_url_that_is_not_http_stops_the_start_naming_the_setting()
    {
        var e = Assert.Throws<ConfigurationException>(() => Build("--Management:Url=ftp://127.0.0.1:9110"));
        Assert.Equal("Management:Url", e.Key);
    }
}
