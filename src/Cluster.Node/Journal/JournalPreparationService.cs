using Akka.Payments.Node.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Journal;

/// <summary>Prepares the journal's database at start, before the ActorSystem opens it.</summary>
public sealed class JournalPreparationService(JournalSettings journal, ILogger<JournalPreparationService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        JournalPreparation.Prepare(journal, logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
