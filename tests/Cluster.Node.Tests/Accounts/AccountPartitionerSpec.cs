using Akka.Payments.Node.Accounts;
using Akka.Payments.Node.Tests.Kafka;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Accounts;

/// <summary>
/// The partition we compute for an account is the one a Confluent.Kafka producer with its default partitioner puts the
/// account's records in: checked against librdkafka itself, through the embedded broker.
/// </summary>
[Collection(EmbeddedKafkaCollection.Name)]
public sealed class AccountPartitionerSpec(EmbeddedKafkaFixture fixture)
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(64)]
    public async Task An_accounts_partition_is_the_one_the_default_producer_partitioner_chooses(int partitions)
    {
        var topic = fixture.NewTopic("partitioner", partitions);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        // Plain ids, ids like the workload's, non-ASCII ids and one longer than the partitioner's stack buffer.
        var accounts = Enumerable.Range(0, 300).Select(i => $"acc-{i:D5}")
            .Concat(["a", "ACC-1", "acc-ünïcødé-€", "账户-42", new string('x', 300) + "-long"])
            .ToList();

        var delivered = await Task.WhenAll(accounts.Select(a => producer.ProduceAsync(topic, new Message<string, byte[]> { Key = a, Value = [1] })));

        var wrong = delivered
            .Where(d => d.Partition.Value != AccountPartitioner.PartitionOf(d.Message.Key, partitions))
            .Select(d => $"{d.Message.Key}: Kafka {d.Partition.Value}, ours {AccountPartitioner.PartitionOf(d.Message.Key, partitions)}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
        if (partitions > 1) Assert.True(delivered.Select(d => d.Partition.Value).Distinct().Count() > 1, "every account landed in one partition");
    }

    [Fact]
    public void The_shard_of_an_account_message_is_its_partition_over_the_shard_count()
    {
        var extractor = new AccountMessageExtractor(12);
        var view = new Akka.Payments.Shared.Accounts.GetAccount("acc-00042");

        Assert.Equal("acc-00042", extractor.EntityId(view));
        Assert.Equal(AccountPartitioner.PartitionOf("acc-00042", 12).ToString(System.Globalization.CultureInfo.InvariantCulture), extractor.ShardId(view));
        Assert.Equal(extractor.ShardId(view), extractor.ShardId("acc-00042"));
        Assert.Null(extractor.ShardId((object)"not an account message"));
    }
}
