using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Akka.Payments.Node.Tests.Kafka;

public class KafkaClientsTests
{
    private static KafkaClients ClientsFor(params (string Key, string Value)[] values)
    {
        var settings = NodeSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Append((Key: "Kafka:BootstrapServers", Value: "kafka:9092"))
                .Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
        return new KafkaClients(new KafkaEndpoint(settings, NullLogger<KafkaEndpoint>.Instance), settings.Kafka);
    }

    [Fact]
    public void The_planes_consumers_fetch_in_larger_later_batches_than_the_payment_stream()
    {
        var clients = ClientsFor(("Kafka:Consumer:fetch.wait.max.ms", "10"));

        var payments = clients.Consumer().Config;
        var plane = clients.PlaneConsumer().Config;

        Assert.Equal("10", payments.Get("fetch.wait.max.ms"));
        Assert.Null(payments.Get("fetch.min.bytes"));
        Assert.Equal("250", plane.Get("fetch.wait.max.ms"));
        Assert.Equal("65536", plane.Get("fetch.min.bytes"));
    }

    [Fact]
    public void A_configured_plane_consumer_property_wins_and_the_rest_of_the_consumer_settings_still_apply()
    {
        var clients = ClientsFor(
            ("Kafka:Consumer:session.timeout.ms", "6000"),
            ("Kafka:PlaneConsumer:fetch.wait.max.ms", "40"));

        var plane = clients.PlaneConsumer().Config;

        Assert.Equal("40", plane.Get("fetch.wait.max.ms"));
        Assert.Equal("65536", plane.Get("fetch.min.bytes"));
        Assert.Equal("6000", plane.Get("session.timeout.ms"));
        Assert.Equal("kafka:9092", plane.BootstrapServers);
        Assert.Null(clients.Consumer().Config.Get("fetch.min.bytes"));
    }

    [Fact]
    public void The_node_rebalances_incrementally_unless_a_strategy_is_configured()
    {
        Assert.Equal(Confluent.Kafka.PartitionAssignmentStrategy.CooperativeSticky, ClientsFor().Consumer().Config.PartitionAssignmentStrategy);

        var configured = ClientsFor(("Kafka:Consumer:partition.assignment.strategy", "range,roundrobin")).Consumer().Config;

        Assert.Equal("range,roundrobin", configured.Get("partition.assignment.strategy"));
    }
}
