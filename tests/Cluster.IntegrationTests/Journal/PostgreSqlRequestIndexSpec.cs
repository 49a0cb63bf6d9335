using Akka.Payments.IntegrationTests.Infrastructure;
using Akka.Payments.Node.Journal;
using Npgsql;

namespace Akka.Payments.IntegrationTests.Journal;

/// <summary>The request index on PostgreSQL when several nodes start at once on an empty database.</summary>
public sealed class PostgreSqlRequestIndexSpec
{
    /// <summary>
    /// Concurrent <c>CREATE TABLE IF NOT EXISTS</c> on PostgreSQL can fail with a unique violation in its catalog
    /// (measured: a node of a two-node start stopped with 23505 <c>pg_type_typname_nsp_index</c>). Every node must
    /// start anyway: the table one node created is the table the others wanted.
    /// </summary>
    [SkippableFact]
    public async Task Nodes_that_create_the_index_at_the_same_moment_all_get_it()
    {
        var server = PostgreSqlServer.Require();
        for (var round = 0; round < 8; round++)
        {
            var database = server.CreateDatabase("index_race");
            var nodes = Enumerable.Range(0, 6).Select(_ => new RequestIndex("PostgreSQL", database)).ToList();

            await Task.WhenAll(nodes.Select(n => Task.Run(() => n.EnsureCreated())));

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM pg_tables WHERE tablename = '{RequestIndex.TableName}'", connection);
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }
    }
}
