namespace Akka.Payments.Node.Kafka.Streams;

/// <summary>The materialized value of a Kafka source: stops it and closes its consumer.</summary>
public interface IConsumerControl
{
    /// <summary>Stops emitting and completes the source; the consumer stays open so in-flight offsets can still be committed.</summary>
    Task Stop();

    /// <summary>Stops the source (if still running) and closes the consumer (it leaves the group). Completes when the
    /// consumer is closed, or after <see cref="ConsumerSettings.CloseTimeout"/> if the close takes longer (see
    /// <see cref="IsShutdown"/>).</summary>
    Task Shutdown();

    /// <summary>Completes when the consumer is closed, however long that takes.</summary>
    Task IsShutdown { get; }

    /// <summary>The partitions this consumer owns right now (empty before the first assignment and after closing).</summary>
    IReadOnlyList<Confluent.Kafka.TopicPartition> Assignment { get; }

    /// <summary>
    /// Stops the source, waits for <paramref name="streamCompletion"/> (the stream finishing its in-flight work and
    /// its last commits), then closes the consumer as <see cref="Shutdown"/> does. The consumer is closed even when the
    /// stream failed.
    /// </summary>
    Task<T> DrainAndShutdown<T>(Task<T> streamCompletion);
}

/// <summary>Keeps the control and the stream's completion together, so a drain is one call (like Alpakka's).</summary>
public sealed class DrainingControl<T>(IConsumerControl control, Task<T> streamCompletion)
{
    public IConsumerControl Control { get; } = control;

    public Task<T> StreamCompletion { get; } = streamCompletion;

    /// <summary>Use with <c>ToMaterialized(sink, DrainingControl&lt;T&gt;.Create)</c>.</summary>
    public static DrainingControl<T> Create(IConsumerControl control, Task<T> streamCompletion) => new(control, streamCompletion);

    public Task<T> DrainAndShutdown() => Control.DrainAndShutdown(StreamCompletion);
}
