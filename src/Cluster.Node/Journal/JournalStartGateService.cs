using Akka.Actor;
using Akka.Payments.Node.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// <see cref="JournalStartGate"/> as a start step: registered after the ActorSystem and before the payment stream, so
/// the host stops starting (and the node exits) when the journal cannot prove it works.
/// </summary>
public sealed class JournalStartGateService(NodeSettings settings, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        JournalStartGate.WaitUntilWorking(services.GetRequiredService<ActorSystem>(), settings.Journal.StartTimeout, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
