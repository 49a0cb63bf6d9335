using Akka.Payments.Node.Configuration;
using Akka.Payments.Node.Kafka.Embedded;
using Akka.Payments.Shared;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Kafka;

/// <summary>
/// The Kafka this node talks to: the configured <c>Kafka:BootstrapServers</c>, or else an embedded Kafka
/// (librdkafka's mock cluster, the real protocol on 127.0.0.1) started here with the core topics, whose bootstrap
/// string is logged and written to <c>&lt;data dir&gt;/kafka.bootstrap</c> for other clients.
/// </summary>
public sealed class KafkaEndpoint(NodeSettings settings, ILogger<KafkaEndpoint> logger) : IHostedService, IDisposable
{
    public const string BootstrapFileName = "kafka.bootstrap";

    private EmbeddedKafka? _embedded;
    private string? _bootstrapServers = settings.Kafka.BootstrapServers;

    public string BootstrapServers => _bootstrapServers ?? throw new InvalidOperationException("Kafka is not started yet");

    public bool IsEmbedded => settings.Kafka.IsEmbedded;

    /// <summary>
    /// Names the Kafka cluster for state that holds its offsets (the trust plane's journal): null for a configured
    /// Kafka, whose offsets outlive the node; a fresh name per start for the embedded one, whose topics start empty
    /// each time (offsets kept from an earlier embedded Kafka would point past the new one's records).
    /// </summary>
    public string? Incarnation { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Kafka.IsEmbedded)
        {
            logger.LogInformation("Kafka bootstrap: {Servers}", _bootstrapServers);
            return Task.CompletedTask;
        }
        _embedded = EmbeddedKafka.Start(settings.Kafka.EmbeddedBrokers);
        foreach (var topic in Topics.Core)
            _embedded.CreateTopic(topic, settings.Kafka.EmbeddedPartitions);
        _bootstrapServers = _embedded.BootstrapServers;
        Incarnation = $"embedded-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..40];
        Directory.CreateDirectory(settings.DataDir);
        var file = Path.Combine(settings.DataDir, BootstrapFileName);
        File.WriteAllText(file, _bootstrapServers + Environment.NewLine);
        logger.LogInformation("Embedded Kafka bootstrap: {Servers} ({Brokers} brokers, topics {Topics} with {Partitions} partitions; written to {File})",
            _bootstrapServers, settings.Kafka.EmbeddedBrokers, string.Join(", ", Topics.Core), settings.Kafka.EmbeddedPartitions, file);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every hosted service has stopped, so the stream has drained before the brokers go.</summary>
    public void Dispose()
    {
        if (_embedded is null) return;
        try { File.Delete(Path.Combine(settings.DataDir, BootstrapFileName)); } catch (IOException) { }
        _embedded.Dispose();
        _embedded = null;
    }
}
