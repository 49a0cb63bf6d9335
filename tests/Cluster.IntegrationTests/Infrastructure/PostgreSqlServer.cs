using System.Diagnostics;
using Npgsql;

namespace Akka.Payments.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL for the tests, found in this order: the <c>PAYMENTS_TEST_POSTGRES</c> connection string; a private
/// throwaway server started from the local <c>initdb</c>/<c>pg_ctl</c> in a temp folder on a free loopback port (as
/// the <c>postgres</c> user when the tests run as root), stopped when the test process exits. If neither can be had,
/// <see cref="SkipReason"/> says why and the specs that need it skip (CI installs PostgreSQL, so nothing skips there).
/// One server per test process; every spec gets a database of its own from <see cref="CreateDatabase"/>.
/// </summary>
public sealed class PostgreSqlServer
{
    public const string EnvironmentVariable = "PAYMENTS_TEST_POSTGRES";

    private static readonly Lazy<PostgreSqlServer> Instance = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string? _adminConnectionString;
    private int _databases;

    private PostgreSqlServer(string? adminConnectionString, string? skipReason, string description)
    {
        _adminConnectionString = adminConnectionString;
        SkipReason = skipReason;
        Description = description;
    }

    public static PostgreSqlServer Shared => Instance.Value;

    /// <summary>Null when a server is available.</summary>
    public string? SkipReason { get; }

    public string Description { get; }

    /// <summary>Skips the calling spec with the reason when no PostgreSQL can be had.</summary>
    public static PostgreSqlServer Require()
    {
        var server = Shared;
        Skip.If(server.SkipReason is not null, server.SkipReason);
        return server;
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public string CreateDatabase(string prefix)
    {
        var unique = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        var name = unique[..Math.Min(unique.Length, 48)].ToLowerInvariant();
        using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    private static PostgreSqlServer Find()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return Check(configured, $"{EnvironmentVariable}") is { } error
                ? new PostgreSqlServer(null, $"{EnvironmentVariable} is set but unusable: {error}", "")
                : new PostgreSqlServer(configured, null, EnvironmentVariable);

        var bin = LocalPostgreSql.FindBinaries();
        if (bin is null)
            return new PostgreSqlServer(null, $"no PostgreSQL: set {EnvironmentVariable}, or install initdb/pg_ctl (apt-get install postgresql)", "");
        try
        {
            var local = LocalPostgreSql.Start(bin);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => local.Dispose();
            return Check(local.ConnectionString, "local") is { } error
                ? new PostgreSqlServer(null, $"the private PostgreSQL started but does not answer: {error}", "")
                : new PostgreSqlServer(local.ConnectionString, null, $"private server from {bin} on port {local.Port}");
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            return new PostgreSqlServer(null, $"could not start a private PostgreSQL from {bin}: {e.Message}", "");
        }
    }

    private static string? Check(string connectionString, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                return null;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(15)) return $"{what}: {e.Message}";
                Thread.Sleep(200); // polling a server that is starting, with a deadline
            }
        }
    }
}
