using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.Payments.Node.Tests.Hosting;

public sealed class NodeWiringTests
{
    [Fact]
    public void The_journal_metrics_are_registered_by_the_node_wiring_itself_without_management()
    {
        var settings = NodeSettings.From(new ConfigurationBuilder().Build());
        var services = new ServiceCollection().AddLogging().AddPaymentsNode(settings);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<JournalWriteLatency>());
        Assert.NotNull(provider.GetRequiredService<GroupCommitStats>());
    }
}
