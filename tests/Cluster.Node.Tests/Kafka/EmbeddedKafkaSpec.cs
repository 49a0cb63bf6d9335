using System.Text;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Kafka;

[Collection(EmbeddedKafkaCollection.Name)]
public sealed class EmbeddedKafkaSpec(EmbeddedKafkaFixture fixture)
{
    [Fact]
    public async Task A_plain_producer_and_consumer_round_trip_a_message_through_the_bootstrap_servers()
    {
        var topic = fixture.NewTopic("roundtrip", partitions: 1);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        var delivered = await producer.ProduceAsync(topic, new Message<string, byte[]>
        {
            Key = "acc-1",
            Value = Encoding.UTF8.GetBytes("hello"),
            Headers = new Headers { { "ce_type", Encoding.UTF8.GetBytes("test.v1") } },
        });
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);

        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            GroupId = fixture.NewGroup("roundtrip"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        ConsumeResult<string, byte[]>? record = null;
        while (record is null && DateTime.UtcNow < deadline) record = consumer.Consume(TimeSpan.FromMilliseconds(200));

        Assert.NotNull(record);
        Assert.Equal("acc-1", record.Message.Key);
        Assert.Equal("hello", Encoding.UTF8.GetString(record.Message.Value));
        Assert.Equal("test.v1", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes("ce_type")));
        consumer.Close();
    }

    [Fact]
    public void Topics_have_the_requested_partition_count()
    {
        var topic = fixture.NewTopic("metadata", partitions: 7);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));

        Assert.Equal(7, metadata.Topics.Single().Partitions.Count);
        Assert.Equal(fixture.Kafka.Brokers, metadata.Brokers.Count);
    }
}
