using Akka.Actor;
using Akka.Configuration;
using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Journal;
using Akka.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Payments.Node.Tests.Journal;

/// <summary>
/// On SQLite the snapshot store has a file of its own. A journal file from before holds snapshots whose events the
/// planes deleted: the node moves them at start, and Akka.Persistence.Sql's snapshot store finds them in the new file.
/// </summary>
public sealed class SnapshotFileSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly string _journal = SqliteJournal.NewDatabase("snapshot-file");

    public SnapshotFileSpec() : base(ConfigurationFactory.ParseString("akka.test.single-expect-default = 15s"), "snapshot-file-spec")
    {
    }

    private string SnapshotsFile => JournalSettings.SnapshotFileBeside(_journal);

    private JournalSettings Settings => new(JournalProvider.Sqlite, _journal, JournalSettings.DefaultGroupCommitWindow,
        JournalSettings.DefaultStartTimeout) { SnapshotConnectionString = SnapshotsFile };

    [Fact]
    public async Task Snapshots_stored_in_the_journal_file_are_moved_to_the_snapshot_file_and_load_from_there()
    {
        // The old layout: snapshots in the journal's file.
        await WithSnapshotStore(SqliteJournal.ConfigFor(_journal), store =>
        {
            store.Tell(new SaveSnapshot(Metadata("trust-plane", 7), "the plane at 7"), TestActor);
            ExpectMsg<SaveSnapshotSuccess>();
            store.Tell(new SaveSnapshot(Metadata("account-a", 3), "account a at 3"), TestActor);
            ExpectMsg<SaveSnapshotSuccess>();
        });

        JournalPreparation.Prepare(Settings, NullLogger.Instance);

        Assert.Equal(0, Count(_journal)); // gone from the journal's file
        Assert.Equal(2, Count(SnapshotsFile));
        Assert.Equal("wal", Scalar(SnapshotsFile, "PRAGMA journal_mode;"));
        var layout = ConfigurationFactory.ParseString($"akka.persistence.snapshot-store.sql.connection-string = \"{SnapshotsFile}\"")
            .WithFallback(SqliteJournal.ConfigFor(_journal));
        await WithSnapshotStore(layout, store =>
        {
            store.Tell(new LoadSnapshot("trust-plane", SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
            var loaded = ExpectMsg<LoadSnapshotResult>();
            Assert.Equal("the plane at 7", loaded.Snapshot?.Snapshot);
            Assert.Equal(7, loaded.Snapshot!.Metadata.SequenceNr);
            // New snapshots go to the new file too.
            store.Tell(new SaveSnapshot(Metadata("trust-plane", 9), "the plane at 9"), TestActor);
            ExpectMsg<SaveSnapshotSuccess>();
        });
        Assert.Equal(3, Count(SnapshotsFile));
        Assert.Equal(0, Count(_journal));
    }

    [Fact]
    public async Task Preparing_again_moves_nothing_and_keeps_what_the_snapshot_file_holds()
    {
        await WithSnapshotStore(SqliteJournal.ConfigFor(_journal), store =>
        {
            store.Tell(new SaveSnapshot(Metadata("ops-plane", 2), "ops at 2"), TestActor);
            ExpectMsg<SaveSnapshotSuccess>();
        });
        Assert.Equal(1, JournalPreparation.MoveSnapshots(_journal, SnapshotsFile));

        Assert.Equal(0, JournalPreparation.MoveSnapshots(_journal, SnapshotsFile));
        Assert.Equal(1, Count(SnapshotsFile));
    }

    [Fact]
    public void A_new_journal_has_nothing_to_move_and_leaves_the_snapshot_table_to_the_snapshot_store()
    {
        JournalPreparation.Prepare(Settings, NullLogger.Instance);

        Assert.True(File.Exists(new SqliteConnectionStringBuilder(SnapshotsFile).DataSource));
        Assert.Equal(0L, Scalar(SnapshotsFile, $"SELECT count(*) FROM sqlite_master WHERE name = '{JournalPreparation.SnapshotTable}'"));
    }

    /// <summary>Runs <paramref name="use"/> against the snapshot store of an actor system with <paramref name="config"/>,
    /// then terminates that system.</summary>
    private async Task WithSnapshotStore(Config config, Action<IActorRef> use)
    {
        var system = ActorSystem.Create("snapshots-" + Guid.NewGuid().ToString("N")[..8], config);
        try
        {
            use(Akka.Persistence.Persistence.Instance.Apply(system).SnapshotStoreFor(null));
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static SnapshotMetadata Metadata(string persistenceId, long sequenceNr) => new(persistenceId, sequenceNr, DateTime.UtcNow);

    private static long Count(string connection) =>
        (long)Scalar(connection, $"SELECT count(*) FROM \"{JournalPreparation.SnapshotTable}\"")!;

    private static object? Scalar(string connection, string sql)
    {
        using var db = new SqliteConnection(connection);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
