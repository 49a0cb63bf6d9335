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

    [Fact]
    public async Task Deleted_records_are_gone_from_the_log_and_a_consumer_from_the_start_reads_only_the_rest()
    {
        var topic = fixture.NewTopic("retention", partitions: 1);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        for (var i = 0; i < 10; i++)
            await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<Null, string> { Value = $"m{i}" });

        fixture.Kafka.DeleteRecords(topic, 0, beforeOffset: 7);

        using var consumer = new ConsumerBuilder<Null, string>(new ConsumerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            GroupId = fixture.NewGroup("retention"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        Assert.Equal(7, watermarks.Low.Value);
        Assert.Equal(10, watermarks.High.Value);

        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var read = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (read.Count < 3 && DateTime.UtcNow < deadline)
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } m }) read.Add(m.Value);
        Assert.Equal(["m7", "m8", "m9"], read);
    }
}
