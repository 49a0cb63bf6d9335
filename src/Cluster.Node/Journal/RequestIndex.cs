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
/// <c>journal</c> table in the same database. <see cref="JournalGroupWriter"/> writes a group's rows in the same
/// transaction as the group's events, so the index never misses a durable decision nor names an event that was not
/// committed. A reader still checks the event at that sequence number before it believes a row (databases written
/// before, when the index had a transaction of its own, may hold rows whose events never committed).
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

    /// <param name="providerName">The linq2db provider name the journal uses (SQLite or PostgreSQL).</param>
    public RequestIndex(string providerName, string connectionString)
    {
        _isSqlite = providerName.Contains("sqlite", StringComparison.OrdinalIgnoreCase);
        if (!_isSqlite && !providerName.Contains("postgres", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The request index supports SQLite and PostgreSQL, not '{providerName}'", nameof(providerName));
        _factory = _isSqlite ? SqliteFactory.Instance : NpgsqlFactory.Instance;
        _connectionString = connectionString;
    }

    /// <summary>The index in the database of an Akka.Persistence.Sql plugin section (<c>connection-string</c>, <c>provider-name</c>).</summary>
    public static RequestIndex For(Config pluginConfig) =>
        new(pluginConfig.GetString("provider-name"), pluginConfig.GetString("connection-string"));

    /// <summary>The head of an insert of index rows, whose values follow in the column order.</summary>
    internal const string InsertInto = $"INSERT INTO {TableName} (persistence_id, request_key, sequence_nr, decided_at)";

    /// <summary>What an insert into the index does with a key it holds: a request decided again after the retention
    /// points to its new event.</summary>
    internal const string Upsert = "ON CONFLICT (persistence_id, request_key) DO UPDATE SET sequence_nr = excluded.sequence_nr, decided_at = excluded.decided_at";

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

    /// <summary>The journal rows of <paramref name="persistenceId"/> at <paramref name="sequenceNrs"/>, by sequence
    /// number; a number without a row is missing from the answer.</summary>
    public async Task<IReadOnlyDictionary<long, StoredJournalRow>> ReadJournalRows(string persistenceId, IReadOnlyCollection<long> sequenceNrs,
        CancellationToken cancellation = default)
    {
        var rows = new Dictionary<long, StoredJournalRow>();
        if (sequenceNrs.Count == 0) return rows;
        await using var connection = await Open(cancellation).ConfigureAwait(false);
        foreach (var chunk in sequenceNrs.Distinct().Chunk(RowsPerRead))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT sequence_number, message, identifier, manifest FROM {JournalTable} " +
                                  $"WHERE persistence_id = @p AND sequence_number IN ({string.Join(", ", chunk.Select((_, i) => $"@s{i}"))})";
            Add(command, "@p", persistenceId);
            for (var i = 0; i < chunk.Length; i++) Add(command, $"@s{i}", chunk[i]);
            await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellation).ConfigureAwait(false))
                rows[Convert.ToInt64(reader[0], System.Globalization.CultureInfo.InvariantCulture)] = new StoredJournalRow(
                    (byte[])reader[1], Convert.ToInt32(reader[2], System.Globalization.CultureInfo.InvariantCulture), reader.GetString(3));
        }
        return rows;
    }

    /// <summary>Sequence numbers asked for in one query (well under SQLite's and PostgreSQL's parameter limits).</summary>
    private const int RowsPerRead = 500;

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

    /// <summary>
    /// Creates the table and its index. On PostgreSQL, nodes starting together on an empty database take turns under
    /// a transaction-level advisory lock: concurrent <c>CREATE TABLE IF NOT EXISTS</c> there can fail with a unique
    /// violation in the catalog (measured: 23505 on <c>pg_type_typname_nsp_index</c>, stopping a node of a
    /// two-node start).
    /// </summary>
    private async Task Create(DbConnection connection, CancellationToken cancellation)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = (_isSqlite ? "" : $"SELECT pg_advisory_xact_lock({CreateLock});") + $"""
            CREATE TABLE IF NOT EXISTS {TableName} (
                persistence_id TEXT NOT NULL,
                request_key TEXT NOT NULL,
                sequence_nr BIGINT NOT NULL,
                decided_at BIGINT NOT NULL,
                PRIMARY KEY (persistence_id, request_key));
            CREATE INDEX IF NOT EXISTS {TableName}_decided_at ON {TableName} (decided_at);
            """;
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        _created = true;
    }

    /// <summary>The advisory lock key under which nodes create the index on PostgreSQL ("payments" in ASCII).</summary>
    private const long CreateLock = 0x7061796d656e7473;

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
