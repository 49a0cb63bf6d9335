using System.Net.Http.Json;
using System.Text.Json;
using Akka.Payments.Management;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Kafka;
using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Akka.Payments.Node.Tests.Management;

/// <summary>
/// One real node, started in-process exactly as <c>Cluster.Node</c> starts it (embedded Kafka, SQLite journal, a
/// one-node cluster) with <c>Management:Url=http://127.0.0.1:0</c> and a generated token. Before the specs run, one
/// account is credited 100.00 EUR and pays 25.50 EUR through Kafka, so there is real state to read.
/// Shared by the read-only specs; nothing here changes the cluster.
/// </summary>
public sealed class ManagedNode : IAsyncLifetime
{
    public const string AccountId = "acct-mgmt-1";

    public string DataDir { get; } = Directory.CreateTempSubdirectory("payments-mgmt-").FullName;
    public IHost Host { get; private set; } = null!;
    public Uri Url { get; private set; } = null!;
    public string Token { get; private set; } = "";
    public HttpClient Http { get; private set; } = null!;
    public string BootstrapServers { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Host = NodeHost.Build(NodeHost.CreateBuilder([
            $"--Payments:DataDir={DataDir}", "--Management:Url=http://127.0.0.1:0"]));
        await Host.StartAsync();
        Url = Host.Services.GetRequiredService<ManagementServer>().BoundUrl!;
        Token = (await File.ReadAllTextAsync(Path.Combine(DataDir, ManagementEndpoint.TokenFileName))).Trim();
        Http = new HttpClient { BaseAddress = Url };
        BootstrapServers = Host.Services.GetRequiredService<KafkaEndpoint>().BootstrapServers;

        var now = DateTimeOffset.UtcNow;
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers }).Build())
        {
            await producer.ProduceAsync(Topics.Requested, KafkaCloudEventEncoder.Binary(
                new AccountCredited("credit-m1", AccountId, 100.00m, "EUR", now), "ev-m1", "/test", now));
            await producer.ProduceAsync(Topics.Requested, KafkaCloudEventEncoder.Binary(
                new PaymentRequested("pay-m1", AccountId, "shop", 25.50m, "EUR", "DE", now), "ev-m2", "/test", now));
        }
        await Eventually.Until(
            async () => (await Http.GetFromJsonAsync<JsonElement>($"/payments/accounts/{AccountId}")).GetProperty("events").GetInt64(),
            events => events == 2, TimeSpan.FromSeconds(60), $"both the credit and the payment to be decided (events of {AccountId})");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.StopAsync(TimeSpan.FromSeconds(30));
            Host.Dispose();
        }
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ManagedNodeCollection : ICollectionFixture<ManagedNode>
{
    public const string Name = "managed-node";
}
