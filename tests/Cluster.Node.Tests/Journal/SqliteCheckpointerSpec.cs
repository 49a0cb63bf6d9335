using Akka.Payments.Node.Journal;
using Akka.Payments.Testing;
using Microsoft.Data.Sqlite;

namespace Akka.Payments.Node.Tests.Journal;

/// <summary>The journal's SQLite checkpoints run beside its writer (<see cref="SqliteCheckpointer"/>), on a real file.</summary>
public sealed class SqliteCheckpointerSpec
{
    /// <summary>A writer that never checkpoints by itself, with its writes still in the WAL.</summary>
    private static async Task<SqliteConnection> WriterWithUncheckpointedRows(string database, int rows)
    {
        var writer = new SqliteConnection(database);
        await writer.OpenAsync();
        await using var setup = writer.CreateCommand();
        setup.CommandText = "PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB);";
        await setup.ExecuteNonQueryAsync();
        for (var i = 0; i < rows; i++)
        {
            await using var insert = writer.CreateCommand();
            insert.CommandText = "INSERT INTO t (payload) VALUES (zeroblob(2000));";
            await insert.ExecuteNonQueryAsync();
        }
        return writer;
    }

    [Fact]
    public async Task A_passive_checkpoint_from_another_connection_copies_the_whole_WAL_into_the_database_file()
    {
        var database = SqliteJournal.NewDatabase("checkpoint-once");
        await using var writer = await WriterWithUncheckpointedRows(database, rows: 50);
        await using var other = new SqliteConnection(database);
        await other.OpenAsync();

        var (walFrames, checkpointed) = await SqliteCheckpointer.CheckpointOnce(other, CancellationToken.None);

        Assert.True(walFrames >= 50, $"the WAL held {walFrames} frames after 50 commits of 2 KB");
        Assert.Equal(walFrames, checkpointed);
    }

    [Fact]
    public async Task The_checkpointer_copies_what_the_writer_leaves_in_the_WAL_on_its_own_and_stops_when_disposed()
    {
        var database = SqliteJournal.NewDatabase("checkpointer");
        await using var writer = await WriterWithUncheckpointedRows(database, rows: 20);
        var checkpointer = new SqliteCheckpointer(database, TimeSpan.FromMilliseconds(20));

        await Eventually.Until(() => checkpointer.CheckpointedFrames, frames => frames >= 20, TimeSpan.FromSeconds(20),
            "the checkpointer to copy the writer's 20 commits into the database file");

        var disposal = checkpointer.DisposeAsync().AsTask();
        Assert.Same(disposal, await Task.WhenAny(disposal, Task.Delay(TimeSpan.FromSeconds(10))));
    }
}
