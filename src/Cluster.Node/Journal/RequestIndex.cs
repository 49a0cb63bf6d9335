using System.Data.Common;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Akka.Payments.Node.Journal;

/// <summary>One row of the request index: the account's journal event that decided a request.</summary>
/// <param name="RequestKey">The <c>RequestKey.Text</c> (<c>p:id</c> or <c>c:id</c>).</param>
public readonly record struct RequestIndexEntry(string PersistenceId, string RequestKey, long SequenceNr, DateTimeOffset DecidedAt);

/// <summary>A journal row as Akka.Persistence.Sql stores it: the payload's bytes and how to deserialize them.</summary>
public sealed record StoredJournalRow(byte[] Message, int SerializerId, string Manifest);

/// <summary>
/// The durable side of idempotency: the table <c>payments_request_index</c> maps (persistence id, request key) to
/// the sequence number of the journal event that decided the request, next to Akka.Persistence.Sql's own
/// <c>journal</c> table in the same database. <see cref="GroupCommitJournal"/> writes a group's rows before it
/// commits the group's events, so the index never misses a durable decision; a row whose event then failed to
/// commit is harmless, because a reader checks the event at that sequence number before it believes the row.
/// Plain ADO.NET on SQLite or PostgreSQL.
/// </summary>
public sealed class RequestIndex
{
    public const string TableName = "payments_request_index";

    /// <summary>Akka.Persistence.Sql's journal table under its default mapping, which the node uses.</summary>
    private const string JournalTable = "journal";

    private readonly DbProviderFactory _factory;
    private readonly string _connectionString;
    private readonly bool _isSqlite;
    private volatile bool _created;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private DbConnection? _writer; // guarded by _writing
    private DbCommand? _upsert;    // guarded by _writing: SQLite's prepared upsert on _writer

    /// <param name="providerName">The linq2db provider name the journal uses (SQLite or PostgreSQL).</param>
    public RequestIndex(string providerName, string connectionString)
    {
        _isSqlite = providerName.Contains("sqlite", StringComparison.OrdinalIgnoreCase);
        if (!_isSqlite && !providerName.Contains("postgres", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The request index supports SQLite and PostgreSQL, not '{providerName}'", nameof(providerName));
        _factory = _isSqlite ? SqliteFactory.Instance : NpgsqlFactory.Instance;
        _connectionString = connectionString;
    }

    /// <summary>True for SQLite, whose database takes one writer at a time (the journal's and the index's alike).</summary>
    public bool HasOneWriter => _isSqlite;

    /// <summary>The index in the database of an Akka.Persistence.Sql plugin section (<c>connection-string</c>, <c>provider-name</c>).</summary>
    public static RequestIndex For(Config pluginConfig) =>
        new(pluginConfig.GetString("provider-name"), pluginConfig.GetString("connection-string"));

    /// <summary>Upserts the rows in one transaction: a request decided again after the retention points to its new event.</summary>
    /// <remarks>Writes share one open connection (and on SQLite one prepared statement), one write at a time: the
    /// journal writes one batch at a time anyway, and opening a connection per batch cost more than its rows.</remarks>
    public async Task Write(IReadOnlyList<RequestIndexEntry> entries, CancellationToken cancellation = default)
    {
        if (entries.Count == 0) return;
        // PostgreSQL refuses to upsert one key twice in a statement; the last decision of a key is the one that counts.
        var rows = entries
            .GroupBy(e => (e.PersistenceId, e.RequestKey)).Select(g => g.MaxBy(e => e.SequenceNr))
            .OrderBy(e => e.PersistenceId, StringComparer.Ordinal).ThenBy(e => e.RequestKey, StringComparer.Ordinal)
            .ToList();
        await _writing.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            _writer ??= await OpenWriter(cancellation).ConfigureAwait(false);
            await using var transaction = await _writer.BeginTransactionAsync(cancellation).ConfigureAwait(false);
            if (_isSqlite) await WriteSqlite(_writer, transaction, rows, cancellation).ConfigureAwait(false);
            else await WritePostgreSql(_writer, transaction, rows, cancellation).ConfigureAwait(false);
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            // A broken connection (the database restarted) is not reused: the next write opens a new one.
            if (_writer is { } broken) await broken.DisposeAsync().ConfigureAwait(false);
            _writer = null;
            _upsert = null;
            throw;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// The writer's commits do not wait for the disk. That is safe because of the order: a batch's index rows are
    /// committed before its events, in the same database, and both SQLite (one WAL file) and PostgreSQL (one WAL
    /// stream) make a commit durable by flushing the log up to it, which includes every earlier commit. So when the
    /// journal's commit of the events is durable, so are their index rows; a crash between the two loses both or
    /// neither of what matters. It saves a flush per batch, about half of the index's cost.
    /// </summary>
    private async Task<DbConnection> OpenWriter(CancellationToken cancellation)
    {
        var connection = await Open(cancellation).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = _isSqlite ? "PRAGMA synchronous = NORMAL" : "SET synchronous_commit = off";
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        return connection;
    }

    private const string Upsert = "ON CONFLICT (persistence_id, request_key) DO UPDATE SET sequence_nr = excluded.sequence_nr, decided_at = excluded.decided_at";

    /// <summary>SQLite runs in-process: one prepared statement executed per row is the cheapest (a multi-row VALUES
    /// list costs a parse and a parameter lookup per value, several times the insert itself).</summary>
    private async Task WriteSqlite(DbConnection connection, DbTransaction transaction, List<RequestIndexEntry> rows, CancellationToken cancellation)
    {
        if (_upsert is null)
        {
            var upsert = connection.CreateCommand();
            upsert.CommandText = $"INSERT INTO {TableName} (persistence_id, request_key, sequence_nr, decided_at) VALUES (@p, @k, @s, @t) {Upsert}";
            Add(upsert, "@p", "");
            Add(upsert, "@k", "");
            Add(upsert, "@s", 0L);
            Add(upsert, "@t", 0L);
            _upsert = upsert;
        }
        var command = _upsert;
        command.Transaction = transaction;
        var (p, k, seq, t) = (command.Parameters[0], command.Parameters[1], command.Parameters[2], command.Parameters[3]);
        foreach (var row in rows)
        {
            p.Value = row.PersistenceId;
            k.Value = row.RequestKey;
            seq.Value = row.SequenceNr;
            t.Value = row.DecidedAt.ToUnixTimeMilliseconds();
            await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>PostgreSQL: one round trip, the rows as four arrays.</summary>
    private static async Task WritePostgreSql(DbConnection connection, DbTransaction transaction, List<RequestIndexEntry> rows, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {TableName} (persistence_id, request_key, sequence_nr, decided_at)
            SELECT * FROM unnest(@p::text[], @k::text[], @s::bigint[], @t::bigint[]) {Upsert}
            """;
        Add(command, "@p", rows.Select(r => r.PersistenceId).ToArray());
        Add(command, "@k", rows.Select(r => r.RequestKey).ToArray());
        Add(command, "@s", rows.Select(r => r.SequenceNr).ToArray());
        Add(command, "@t", rows.Select(r => r.DecidedAt.ToUnixTimeMilliseconds()).ToArray());
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>The sequence number the index holds for the request, or null.</summary>
    public async Task<long?> FindSequenceNr(string persistenceId, string requestKey, CancellationToken cancellation = default)
    {
        await using var connection = await Open(cancellation).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT sequence_nr FROM {TableName} WHERE persistence_id = @p AND request_key = @k";
        Add(command, "@p", persistenceId);
        Add(command, "@k", requestKey);
        var result = await command.ExecuteScalarAsync(cancellation).ConfigureAwait(false);
        return result is null or DBNull ? null : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The journal row the index names for the request, in one round trip; null when the index has no row for it or
    /// the journal has no event at that sequence number (a batch whose commit failed after its index rows).
    /// </summary>
    public async Task<StoredJournalRow?> ReadDecidingEvent(string persistenceId, string requestKey, CancellationToken cancellation = default)
    {
        await using var connection = await Open(cancellation).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT j.message, j.identifier, j.manifest FROM {TableName} i
            JOIN {JournalTable} j ON j.persistence_id = i.persistence_id AND j.sequence_number = i.sequence_nr
            WHERE i.persistence_id = @p AND i.request_key = @k
            """;
        Add(command, "@p", persistenceId);
        Add(command, "@k", requestKey);
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellation).ConfigureAwait(false)) return null;
        return new StoredJournalRow((byte[])reader[0], Convert.ToInt32(reader[1], System.Globalization.CultureInfo.InvariantCulture), reader.GetString(2));
    }

    /// <summary>Deletes the rows of requests decided before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DeleteDecidedBefore(DateTimeOffset cutoff, CancellationToken cancellation = default)
    {
        await using var connection = await Open(cancellation).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {TableName} WHERE decided_at < @t";
        Add(command, "@t", cutoff.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Creates the table and its index when missing (the node does it at start; every call also would).</summary>
    public async Task EnsureCreated(CancellationToken cancellation = default)
    {
        await using var connection = await Open(cancellation).ConfigureAwait(false);
    }

    private async Task<DbConnection> Open(CancellationToken cancellation)
    {
        var connection = _factory.CreateConnection()!;
        connection.ConnectionString = _connectionString;
        try
        {
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            if (!_created) await Create(connection, cancellation).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task Create(DbConnection connection, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS {TableName} (
                persistence_id TEXT NOT NULL,
                request_key TEXT NOT NULL,
                sequence_nr BIGINT NOT NULL,
                decided_at BIGINT NOT NULL,
                PRIMARY KEY (persistence_id, request_key));
            CREATE INDEX IF NOT EXISTS {TableName}_decided_at ON {TableName} (decided_at);
            """;
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        _created = true;
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
