using Microsoft.Data.Sqlite;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// Runs SQLite's WAL checkpoints beside the journal's writer, not inside its commits. By default SQLite checkpoints
/// in the commit that grows the WAL past 1,000 pages: that commit copies the WAL's pages into the database file and
/// syncs it, and every account in its group waits. As the journal grows, those pages lie further apart and the
/// wait gets longer. Here a connection of its own checkpoints every <c>interval</c> in PASSIVE mode, which never
/// blocks the writer or a reader. The writer's own automatic checkpoint stays on, at
/// <see cref="WriterAutoCheckpointPages"/>, as a backstop: if this loop stops or falls behind, the WAL is still
/// bounded.
/// </summary>
public sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>The writer's <c>wal_autocheckpoint</c>: 40 MiB of WAL (SQLite's default is 1,000 pages, 4 MiB).</summary>
    public const int WriterAutoCheckpointPages = 10_000;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

    private readonly string _connectionString;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _checkpointedFrames;

    public SqliteCheckpointer(string connectionString, TimeSpan interval)
    {
        _connectionString = connectionString;
        _loop = Task.Run(() => Loop(interval));
    }

    /// <summary>The frames its checkpoints reported as in the database file, summed over its runs (a frame counts in
    /// every run until the WAL restarts): above zero once it has checkpointed anything.</summary>
    public long CheckpointedFrames => Interlocked.Read(ref _checkpointedFrames);

    /// <summary>One PASSIVE checkpoint: the WAL's frames, and how many of them are now in the database file.</summary>
    public static async Task<(long WalFrames, long Checkpointed)> CheckpointOnce(SqliteConnection connection, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellation).ConfigureAwait(false)) return (0, 0);
        return (reader.GetInt64(1), reader.GetInt64(2)); // busy, log, checkpointed
    }

    private async Task Loop(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        SqliteConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(_connectionString);
                        await connection.OpenAsync(_stop.Token).ConfigureAwait(false);
                    }
                    var (_, checkpointed) = await CheckpointOnce(connection, _stop.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _checkpointedFrames, checkpointed);
                }
                catch (SqliteException)
                {
                    // Busy or the file is gone for now: the writer's backstop holds; try again with a new connection.
                    if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
