using Akka.Payments.Node.Kafka.Streams;

namespace Akka.Payments.Node.Planes;

/// <summary>A plane's running read of its topics: its control (to stop it) and its completion (ends when it stops
/// or fails).</summary>
public sealed record PlaneReading(IConsumerControl Control, Task Completion);
