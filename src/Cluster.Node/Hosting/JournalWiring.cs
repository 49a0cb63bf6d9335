using System.Globalization;
using Akka.Hosting;
using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Persistence.Sql.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Hosting;

/// <summary>The journal: its database prepared before the ActorSystem, the group-commit journal, the request index.</summary>
public static class JournalWiring
{
    /// <summary>
    /// Prepares the database at start (before the ActorSystem, which must be added after this), the request index and
    /// its retention, and <see cref="GroupCommitStats"/>, which the journal feeds.
    /// </summary>
    public static IServiceCollection AddPaymentsJournal(this IServiceCollection services, JournalSettings journal, AccountEntitySettings accounts)
    {
        services.AddHostedService(sp => new JournalPreparationService(journal, sp.GetRequiredService<ILogger<JournalPreparationService>>()));
        services.AddSingleton(new RequestIndex(journal.LinqProviderName, journal.ConnectionString));
        services.AddHostedService(sp => new RequestIndexRetention(sp.GetRequiredService<RequestIndex>(), accounts,
            sp.GetRequiredService<ILogger<RequestIndexRetention>>()));
        services.AddSingleton<GroupCommitStats>();
        return services;
    }

    public static AkkaConfigurationBuilder WithPaymentsJournal(this AkkaConfigurationBuilder akka, JournalSettings journal, IServiceProvider provider)
    {
        var stats = provider.GetRequiredService<GroupCommitStats>();
        return akka
            .WithSqlPersistence(
                connectionString: journal.ConnectionString,
                providerName: journal.LinqProviderName,
                autoInitialize: true)
            .AddHocon(Tuning(journal), HoconAddMode.Prepend)
            .AddStartup((system, _) => stats.Follow(system));
    }

    /// <summary>
    /// What the Akka.Persistence.Sql.Hosting options have no property for: the journal and snapshot store classes, the
    /// group-commit window and starting both stores with the system.
    /// Both stores start with the system, so their tables exist before the first entity recovers.
    /// </summary>
    internal static string Tuning(JournalSettings journal) => $$"""
        akka.persistence.journal.auto-start-journals = ["akka.persistence.journal.sql"]
        akka.persistence.snapshot-store.auto-start-snapshot-stores = ["akka.persistence.snapshot-store.sql"]
        # Group commit: one transaction for the events and request-index rows of many entities, written by the
        # GroupCommitJournal itself (Akka.Persistence.Sql's write queue, its batching and parallelism go unused).
        akka.persistence.journal.sql.class = "{{typeof(GroupCommitJournal).AssemblyQualifiedName}}"
        akka.persistence.journal.sql.group-commit.window = {{journal.GroupCommitWindow.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}}ms
        # The snapshot store answers a request its half-open breaker refuses, instead of failing without an answer.
        akka.persistence.snapshot-store.sql.class = "{{typeof(AnsweringSnapshotStore).AssemblyQualifiedName}}"
        # Snapshots in a database of their own on SQLite (JournalSettings.SnapshotConnectionString): a plane's snapshot
        # of tens of MB no longer holds the single writer that every account's group commit waits for.
        akka.persistence.snapshot-store.sql.connection-string = {{journal.SnapshotConnectionString.ToHocon()}}
        # The stores' circuit breakers open when the database is down. Akka's reset timeouts (30 s for the journal, 60 s
        # for the snapshot store) then keep every write and every recovery failing for that long after the database is
        # back, while /ready already says the journal answers: half a minute more of outage. A half-open breaker lets one
        # call through to try; one call every 2 s costs a down database nothing.
        akka.persistence.journal.sql.circuit-breaker.reset-timeout = {{BreakerResetTimeout}}
        akka.persistence.snapshot-store.sql.circuit-breaker.reset-timeout = {{BreakerResetTimeout}}
        # Akka's replay filter tells an entity's writers apart by the writer id of each row, and by default drops the
        # events of a writer that wrote again after a newer one. Akka.Persistence.Sql stamps rows with the id of its
        # journal, one per node process, not of the entity: an account that moved to another node and back looked like
        # an old writer that kept writing, and recovered without the events of its return (the chaos run's wrong
        # declines). Two live writers of one account are fenced by the journal's unique (persistence_id,
        # sequence_number) instead: the second write of a sequence number fails and its writer stops.
        akka.persistence.journal.sql.replay-filter.mode = off
        """;

    internal const string BreakerResetTimeout = "2s";
}
