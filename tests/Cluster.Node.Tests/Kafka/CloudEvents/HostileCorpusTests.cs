using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Node.Kafka.DeadLetters;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Node.Tests.Kafka.DeadLetters;
using Akka.Payments.Shared;
using Akka.Payments.Shared.DeadLetters;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.Kafka.CloudEvents;

/// <summary>Each input of <see cref="HostileCorpus"/> decodes to the result it names (the e2e spec sends the same to a node).</summary>
public class HostileCorpusTests
{
    private static readonly TopicPartitionOffset Source = new(Topics.Requested, new Partition(0), new Offset(7));

    public static IEnumerable<object[]> Corpus() => HostileCorpus.All.Select(r => new object[] { r.Name });

    private static HostileRecord Named(string name) => HostileCorpus.All.Single(r => r.Name == name);

    [Fact]
    public void The_corpus_has_at_least_50_distinct_named_inputs_covering_every_reason_and_success()
    {
        Assert.True(HostileCorpus.All.Count >= 50, $"only {HostileCorpus.All.Count} inputs");
        Assert.Equal(HostileCorpus.All.Count, HostileCorpus.All.Select(r => r.Name).Distinct().Count());
        // Enumerable.Append by name: in this project LanguageExt (from Akka.Persistence.Sql) also offers an Append.
        Assert.Equal(Enumerable.Append(DeadLetterReasons.All, null).OrderBy(r => r),
            HostileCorpus.All.Select(r => r.ExpectedReason).Distinct().OrderBy(r => r));
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void A_hostile_input_decodes_to_its_expected_result(string name)
    {
        var record = Named(name);

        var result = new KafkaCloudEventDecoder().Decode(record.Received());

        Assert.True(record.ExpectedReason == result.Rejection?.Reason,
            $"{name}: expected {record.ExpectedReason ?? "success"}, got {result}");
        if (!result.IsSuccess) Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Error));
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_dead_letter_of_a_hostile_input_fits_and_reads_back(string name)
    {
        var record = Named(name);
        var result = new KafkaCloudEventDecoder().Decode(record.Received());
        if (result.IsSuccess) return;

        var dlq = DeadLetterMessages.Build(record.Received(), Source, result.Rejection, DateTimeOffset.UnixEpoch);

        Assert.True(DeadLetterTests.SizeOf(dlq) <= DeadLetterMessages.MaxDeadLetterBytes);
        Assert.Equal((result.Rejection.Reason, "payments.requested/0/7"), (DeadLetterHeaders.Read(dlq.Headers)!.Reason, DeadLetterHeaders.Read(dlq.Headers)!.Source));
    }
}
