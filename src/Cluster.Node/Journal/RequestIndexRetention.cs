using Akka.Payments.Node.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// Creates the request index at start, next to the journal's tables, and keeps it to the idempotency retention: once
/// an hour it deletes the rows of requests decided longer ago than the retention plus a day (the accounts' filters
/// forget whole days, so a row is never needed after its day has left every filter). Every node does it; the
/// deletes are idempotent.
/// </summary>
public sealed class RequestIndexRetention(RequestIndex index, AccountEntitySettings accounts, ILogger<RequestIndexRetention> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await index.EnsureCreated(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var cutoff = DateTimeOffset.UtcNow - accounts.IdempotencyRetention - TimeSpan.FromDays(1);
                var deleted = await index.DeleteDecidedBefore(cutoff, stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                    logger.LogInformation("Request index: deleted {Rows} rows of requests decided before {Cutoff:O}", deleted, cutoff);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Request index: could not delete expired rows; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
