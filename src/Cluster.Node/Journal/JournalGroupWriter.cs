using System.Data.Common;
using Akka.Persistence.Sql.Config;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Akka.Payments.Node.Journal;

/// <summary>
/// One row of Akka.Persistence.Sql's <c>journal</c> table, serialized as its journal serializes it
/// (<c>ByteArrayJournalSerializer</c>): the payload's serializer id, manifest and bytes, the created stamp in ticks, the
/// journal's writer id, and the tags (as a separated string when the tag mode keeps a tags column, as rows of the tag
/// table when it keeps one).
/// </summary>
public sealed record JournalRowToWrite(
    string PersistenceId, long SequenceNr, byte[] Message, int SerializerId, string Manifest, long Created,
    string? WriterUuid, string Tags, string[] TagArray, string EventManifest);

/// <summary>
/// Writes a group's journal rows and its request-index rows in one transaction, on one kept connection, with
/// prepared, parameter-bound statements (plain ADO.NET) instead of Akka.Persistence.Sql's linq2db insert, which builds
/// its SQL text per batch with the payloads as hex literals, and instead of a second transaction for the index.
/// One group at a time (the journal awaits each write before the next): SQLite takes one writer anyway, and one
/// connection keeps an account's groups committed in the order they were formed.
/// </summary>
/// <remarks>
/// The rows are exactly those Akka.Persistence.Sql writes, under the table and column names of its configuration, so
/// its recovery, its queries and the request index's readers read them as before, and rows it wrote before read the
/// same. A unique (persistence_id, sequence_number) violation fails the whole group like any other error: it is the
/// fence between two live incarnations of an account. The commit is the journal's own, with the database's usual
/// durability (no <c>synchronous</c> setting is lowered). On PostgreSQL the connection string carries the
/// <c>idle_in_transaction_session_timeout</c> of <see cref="Configuration.JournalSettings"/>.
/// </remarks>
public sealed class JournalGroupWriter : IAsyncDisposable
{
    private readonly RequestIndex _index;
    private readonly string _connectionString;
    private readonly bool _isSqlite;
    private readonly bool _tagsColumn;
    private readonly bool _tagTable;
    private readonly bool _writerUuidColumn;
    private readonly bool _eventManifestColumn;
    private readonly string _journalTable;
    private readonly string _tagTableName;
    private readonly string _insertColumns;
    private readonly string _tagInsert;
    private readonly string _delete;
    private DbConnection? _connection;
    private SqliteCommand? _sqliteInsert; // prepared on _connection
    private SqliteCommand? _sqliteUpsert; // prepared on _connection
    private SqliteCheckpointer? _checkpointer; // runs while _connection is open

    public JournalGroupWriter(JournalConfig config, RequestIndex index)
    {
        _index = index;
        _connectionString = config.ConnectionString;
        _isSqlite = config.ProviderName.Contains("sqlite", StringComparison.OrdinalIgnoreCase);
        if (!_isSqlite && !config.ProviderName.Contains("postgres", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The journal writes SQLite and PostgreSQL, not '{config.ProviderName}'", nameof(config));
        var tagMode = config.PluginConfig.TagMode;
        _tagsColumn = tagMode is TagMode.Csv or TagMode.Both;
        _tagTable = tagMode is TagMode.TagTable or TagMode.Both;
        var table = config.TableConfig;
        _writerUuidColumn = table.EventJournalTable.UseWriterUuidColumn;
        _eventManifestColumn = table.UseEventManifestColumn;
        var schema = table.SchemaName is { } s ? Quote(s) + "." : "";
        _journalTable = schema + Quote(table.EventJournalTable.Name);
        _tagTableName = schema + Quote(table.TagTable.Name);

        var c = table.EventJournalTable.ColumnNames;
        var columns = new List<string> { c.PersistenceId, c.SequenceNumber, c.Message, c.Identifier, c.Manifest, c.Created, c.Deleted };
        if (_writerUuidColumn) columns.Add(c.WriterUuid);
        if (_tagsColumn) columns.Add(c.Tags);
        if (_eventManifestColumn) columns.Add("EventManifest"); // linq2db maps it under the property's name
        _insertColumns = string.Join(", ", columns.Select(Quote));
        JournalOrdering = Quote(c.Ordering);
        var t = table.TagTable.ColumnNames;
        _tagInsert = $"INSERT INTO {_tagTableName} ({Quote(t.OrderingId)}, {Quote(t.Tag)}, {Quote(t.PersistenceId)}, {Quote(t.SequenceNumber)}) VALUES (@o, @t, @p, @s)";

        // The highest event at or below the bound stays, marked deleted, so that the entity's highest sequence number
        // is still found; every event below it goes. SQLite takes TRUE and FALSE as 1 and 0, which linq2db reads.
        var (pid, seq, deleted) = (Quote(c.PersistenceId), Quote(c.SequenceNumber), Quote(c.Deleted));
        var kept = $"(SELECT MAX({seq}) FROM {_journalTable} WHERE {pid} = @p AND {seq} <= @to)";
        _delete = $"UPDATE {_journalTable} SET {deleted} = TRUE WHERE {pid} = @p AND {seq} = {kept} AND {deleted} = FALSE; " +
                  $"DELETE FROM {_journalTable} WHERE {pid} = @p AND {seq} < {kept};" +
                  (_tagTable ? $" DELETE FROM {_tagTableName} WHERE {Quote(t.PersistenceId)} = @p AND {Quote(t.SequenceNumber)} <= @to;" : "");
    }

    private string JournalOrdering { get; }

    private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>Commits the rows and the index entries together, or neither; throws when the transaction fails.</summary>
    public async Task Write(IReadOnlyList<JournalRowToWrite> rows, IReadOnlyList<RequestIndexEntry> entries, CancellationToken cancellation = default)
    {
        if (rows.Count == 0 && entries.Count == 0) return;
        // PostgreSQL refuses to upsert one key twice in a statement; the last decision of a key is the one that counts.
        var indexRows = entries
            .GroupBy(e => (e.PersistenceId, e.RequestKey)).Select(g => g.MaxBy(e => e.SequenceNr))
            .OrderBy(e => e.PersistenceId, StringComparer.Ordinal).ThenBy(e => e.RequestKey, StringComparer.Ordinal)
            .ToList();
        try
        {
            _connection ??= await Open(cancellation).ConfigureAwait(false);
            await using var transaction = await _connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
            if (_isSqlite) await WriteSqlite((SqliteConnection)_connection, (SqliteTransaction)transaction, rows, indexRows, cancellation).ConfigureAwait(false);
            else await WritePostgreSql((NpgsqlConnection)_connection, (NpgsqlTransaction)transaction, rows, indexRows, cancellation).ConfigureAwait(false);
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            // A broken connection (the database restarted) is not reused: the next group opens a new one.
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Deletes an entity's events up to <paramref name="toSequenceNr"/>, leaving the rows Akka.Persistence.Sql's own
    /// delete leaves: the highest of them marked deleted, none below it, no tag rows up to the bound. Akka.Persistence.Sql
    /// first marks every one of those rows deleted and then deletes all but the highest, and on SQLite an update
    /// rewrites each row with its payload: a plane deleting the few hundred events its snapshot replaced wrote them
    /// all out again under the journal's single write lock. Here only the kept row is updated. On the writer's own
    /// connection, between two groups, so it never waits for the lock behind a group or holds one up.
    /// </summary>
    public async Task Delete(string persistenceId, long toSequenceNr, CancellationToken cancellation = default)
    {
        try
        {
            _connection ??= await Open(cancellation).ConfigureAwait(false);
            await using var transaction = await _connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
            await using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = _delete;
            foreach (var (name, value) in new (string, object)[] { ("@p", persistenceId), ("@to", toSequenceNr) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A PRAGMA's value on the writer's SQLite connection, opening it if need be (for specs).</summary>
    internal async Task<object?> SqlitePragma(string name)
    {
        _connection ??= await Open(CancellationToken.None).ConfigureAwait(false);
        await using var command = _connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return await command.ExecuteScalarAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteInsert is { } insert) await insert.DisposeAsync().ConfigureAwait(false);
        if (_sqliteUpsert is { } upsert) await upsert.DisposeAsync().ConfigureAwait(false);
        if (_connection is { } connection) await connection.DisposeAsync().ConfigureAwait(false);
        if (_checkpointer is { } checkpointer) await checkpointer.DisposeAsync().ConfigureAwait(false);
        _sqliteInsert = null;
        _sqliteUpsert = null;
        _connection = null;
        _checkpointer = null;
    }

    private async Task<DbConnection> Open(CancellationToken cancellation)
    {
        await _index.EnsureCreated(cancellation).ConfigureAwait(false);
        DbConnection connection = _isSqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            if (connection is SqliteConnection sqlite)
            {
                await using var pragma = sqlite.CreateCommand();
                pragma.CommandText = $"PRAGMA wal_autocheckpoint = {SqliteCheckpointer.WriterAutoCheckpointPages}; PRAGMA busy_timeout = {BusyTimeoutMs};";
                await pragma.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
                _checkpointer = new SqliteCheckpointer(_connectionString, SqliteCheckpointer.DefaultInterval);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// How long SQLite itself waits for the write lock another connection holds (a plane deleting its old events, a
    /// snapshot, the request index's retention), polling every few milliseconds, before it reports the database busy.
    /// Without it Microsoft.Data.Sqlite retries a busy statement after a fixed 150 ms sleep: measured here, a lock held
    /// for 20 ms cost the waiting group 151 ms instead of 34, and every account of the group waited with it. The same
    /// 30 s as the command's own timeout, so a lock held longer still fails the group as before.
    /// </summary>
    internal const int BusyTimeoutMs = 30_000;

    /// <summary>
    /// SQLite runs in-process: one prepared single-row statement executed per row is the cheapest (a multi-row VALUES
    /// list costs a parse and a parameter look-up per value). Microsoft.Data.Sqlite's transaction is
    /// <c>BEGIN IMMEDIATE</c>, so the group takes the write lock up front.
    /// </summary>
    private async Task WriteSqlite(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<JournalRowToWrite> rows,
        List<RequestIndexEntry> indexRows, CancellationToken cancellation)
    {
        var insert = _sqliteInsert ??= PrepareSqliteInsert(connection);
        insert.Transaction = transaction;
        var parameters = insert.Parameters;
        foreach (var row in rows)
        {
            if (_tagTable && row.TagArray.Length > 0)
            {
                await InsertTagged(connection, transaction, row, cancellation).ConfigureAwait(false);
                continue;
            }
            Bind(parameters, row);
            await insert.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        if (indexRows.Count == 0) return;
        var upsert = _sqliteUpsert ??= PrepareSqliteUpsert(connection);
        upsert.Transaction = transaction;
        var (p, k, s, t) = (upsert.Parameters[0], upsert.Parameters[1], upsert.Parameters[2], upsert.Parameters[3]);
        foreach (var entry in indexRows)
        {
            p.Value = entry.PersistenceId;
            k.Value = entry.RequestKey;
            s.Value = entry.SequenceNr;
            t.Value = entry.DecidedAt.ToUnixTimeMilliseconds();
            await upsert.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
    }

    private SqliteCommand PrepareSqliteInsert(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {_journalTable} ({_insertColumns}) VALUES ({string.Join(", ", RowParameterNames())})";
        foreach (var name in RowParameterNames()) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static SqliteCommand PrepareSqliteUpsert(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"{RequestIndex.InsertInto} VALUES (@p, @k, @s, @t) {RequestIndex.Upsert}";
        foreach (var name in new[] { "@p", "@k", "@s", "@t" }) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    /// <summary>The parameters of one journal row, in the order of <see cref="_insertColumns"/>.</summary>
    private IEnumerable<string> RowParameterNames()
    {
        string[] names = ["@pid", "@seq", "@msg", "@ser", "@man", "@created", "@deleted"];
        foreach (var name in names) yield return name;
        if (_writerUuidColumn) yield return "@writer";
        if (_tagsColumn) yield return "@tags";
        if (_eventManifestColumn) yield return "@eman";
    }

    private void Bind(DbParameterCollection parameters, JournalRowToWrite row)
    {
        parameters[0].Value = row.PersistenceId;
        parameters[1].Value = row.SequenceNr;
        parameters[2].Value = row.Message;
        parameters[3].Value = row.SerializerId;
        parameters[4].Value = row.Manifest;
        parameters[5].Value = row.Created;
        parameters[6].Value = false;
        var next = 7;
        if (_writerUuidColumn) parameters[next++].Value = (object?)row.WriterUuid ?? DBNull.Value;
        if (_tagsColumn) parameters[next++].Value = row.Tags;
        if (_eventManifestColumn) parameters[next].Value = row.EventManifest;
    }

    /// <summary>
    /// A row with tags under a tag table (the node writes none): inserted on its own to learn its ordering, which
    /// its tag rows refer to, as Akka.Persistence.Sql does.
    /// </summary>
    private async Task InsertTagged(DbConnection connection, DbTransaction transaction, JournalRowToWrite row, CancellationToken cancellation)
    {
        long ordering;
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            var names = RowParameterNames().ToList();
            insert.CommandText = $"INSERT INTO {_journalTable} ({_insertColumns}) VALUES ({string.Join(", ", names)}) RETURNING {JournalOrdering}";
            foreach (var name in names)
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                insert.Parameters.Add(parameter);
            }
            Bind(insert.Parameters, row);
            ordering = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellation).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var tags = connection.CreateCommand();
        tags.Transaction = transaction;
        tags.CommandText = _tagInsert;
        foreach (var (name, value) in new (string, object)[] { ("@o", ordering), ("@t", ""), ("@p", row.PersistenceId), ("@s", row.SequenceNr) })
        {
            var parameter = tags.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            tags.Parameters.Add(parameter);
        }
        foreach (var tag in row.TagArray)
        {
            tags.Parameters[1].Value = tag;
            await tags.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>PostgreSQL: the untagged rows and the index entries as arrays, both statements in one round trip.</summary>
    private async Task WritePostgreSql(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<JournalRowToWrite> rows,
        List<RequestIndexEntry> indexRows, CancellationToken cancellation)
    {
        var plain = new List<JournalRowToWrite>(rows.Count);
        foreach (var row in rows)
        {
            // Rows reach the table in the order they were formed: a tagged row (never written by the node) goes on
            // its own, after the plain rows before it.
            if (_tagTable && row.TagArray.Length > 0)
            {
                await InsertPlainPostgreSql(connection, transaction, plain, [], cancellation).ConfigureAwait(false);
                plain.Clear();
                await InsertTagged(connection, transaction, row, cancellation).ConfigureAwait(false);
            }
            else plain.Add(row);
        }
        await InsertPlainPostgreSql(connection, transaction, plain, indexRows, cancellation).ConfigureAwait(false);
    }

    private async Task InsertPlainPostgreSql(NpgsqlConnection connection, NpgsqlTransaction transaction, List<JournalRowToWrite> rows,
        List<RequestIndexEntry> indexRows, CancellationToken cancellation)
    {
        if (rows.Count == 0 && indexRows.Count == 0) return;
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (rows.Count > 0)
        {
            var insert = new NpgsqlBatchCommand();
            var arrays = new List<string>
            {
                "@pid::text[]", "@seq::bigint[]", "@msg::bytea[]", "@ser::integer[]", "@man::text[]", "@created::bigint[]", "@deleted::boolean[]",
            };
            Add(insert, "@pid", NpgsqlDbType.Text, rows.Select(r => r.PersistenceId).ToArray());
            Add(insert, "@seq", NpgsqlDbType.Bigint, rows.Select(r => r.SequenceNr).ToArray());
            Add(insert, "@msg", NpgsqlDbType.Bytea, rows.Select(r => r.Message).ToArray());
            Add(insert, "@ser", NpgsqlDbType.Integer, rows.Select(r => r.SerializerId).ToArray());
            Add(insert, "@man", NpgsqlDbType.Text, rows.Select(r => r.Manifest).ToArray());
            Add(insert, "@created", NpgsqlDbType.Bigint, rows.Select(r => r.Created).ToArray());
            Add(insert, "@deleted", NpgsqlDbType.Boolean, new bool[rows.Count]);
            if (_writerUuidColumn)
            {
                arrays.Add("@writer::text[]");
                Add(insert, "@writer", NpgsqlDbType.Text, rows.Select(r => r.WriterUuid).ToArray());
            }
            if (_tagsColumn)
            {
                arrays.Add("@tags::text[]");
                Add(insert, "@tags", NpgsqlDbType.Text, rows.Select(r => r.Tags).ToArray());
            }
            if (_eventManifestColumn)
            {
                arrays.Add("@eman::text[]");
                Add(insert, "@eman", NpgsqlDbType.Text, rows.Select(r => r.EventManifest).ToArray());
            }
            // WITH ORDINALITY keeps the order of the rows in the ordering column, as a multi-row VALUES list does.
            insert.CommandText = $"INSERT INTO {_journalTable} ({_insertColumns}) SELECT {string.Join(", ", arrays.Select((_, i) => $"c{i}"))} " +
                                 $"FROM unnest({string.Join(", ", arrays)}) WITH ORDINALITY AS r({string.Join(", ", arrays.Select((_, i) => $"c{i}"))}, n) ORDER BY n";
            batch.BatchCommands.Add(insert);
        }
        if (indexRows.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand($"""
                {RequestIndex.InsertInto}
                SELECT * FROM unnest(@p::text[], @k::text[], @s::bigint[], @t::bigint[]) {RequestIndex.Upsert}
                """);
            Add(upsert, "@p", NpgsqlDbType.Text, indexRows.Select(r => r.PersistenceId).ToArray());
            Add(upsert, "@k", NpgsqlDbType.Text, indexRows.Select(r => r.RequestKey).ToArray());
            Add(upsert, "@s", NpgsqlDbType.Bigint, indexRows.Select(r => r.SequenceNr).ToArray());
            Add(upsert, "@t", NpgsqlDbType.Bigint, indexRows.Select(r => r.DecidedAt.ToUnixTimeMilliseconds()).ToArray());
            batch.BatchCommands.Add(upsert);
        }
        await batch.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    private static void Add(NpgsqlBatchCommand command, string name, NpgsqlDbType type, object value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = value });
}
