using Akka.Payments.Shared;
using Akka.Payments.Shared.Accounts;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;

namespace Akka.Payments.Bench.Streamiz;

/// <summary>
/// The Kafka Streams topology of the second peer: <c>payments.requested</c> → <see cref="AccountDecider"/> (with the
/// <see cref="StoreName"/> RocksDB store, cached, logged to <see cref="ChangelogTopic"/>) → <c>payments.processed</c>
/// or <c>payments.dlq</c>. The input is already keyed by account, so there is no repartition topic; the changelog is
/// the only internal topic, and the harness creates it up front because the embedded broker has no CreateTopics.
/// </summary>
public static class StreamizTopology
{
    public const string ApplicationId = "bench-streamiz";
    public const string StoreName = "accounts";

    /// <summary>Kafka Streams' name for the store's changelog: <c>{application.id}-{store}-changelog</c>.</summary>
    public const string ChangelogTopic = ApplicationId + "-" + StoreName + "-changelog";

    public static Topology Build()
    {
        var builder = new StreamBuilder();
        var store = Stores.KeyValueStoreBuilder(Stores.PersistentKeyValueStore(StoreName), new StringSerDes(), new AccountSnapshotSerDes())
            .WithCachingEnabled();
        builder.Stream<string, byte[]>(Topics.Requested)
            .Transform(TransformerBuilder.New<string, byte[], string, byte[]>()
                .Transformer<AccountDecider>()
                .StateStore(store)
                .Build())
            .To(new OutcomeTopicExtractor());
        return builder.Build();
    }
}
