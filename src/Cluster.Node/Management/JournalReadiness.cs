using System.Data.Common;
using Akka.Payments.Management;
using Akka.Payments.Node.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Akka.Payments.Node.Management;

/// <summary>Ready only when the journal's database answers <c>SELECT 1</c> within two seconds, on a connection of its own.</summary>
public sealed class JournalReadiness(NodeSettings settings) : IReadinessCheck
{
    public string Name => "journal";

    public async Task<string?> Check(CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using DbConnection connection = settings.Journal.Provider == JournalProvider.Sqlite
                ? new SqliteConnection(settings.Journal.ConnectionString)
                : new NpgsqlConnection(settings.Journal.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return null;
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException)
        {
            return $"the journal ({settings.Journal.Provider}) is not reachable: {e.Message}";
        }
    }
}
