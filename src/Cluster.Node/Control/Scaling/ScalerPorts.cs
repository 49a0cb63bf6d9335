using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Control.Scaling;

/// <summary>
/// What the scaler does to the outside world: <see cref="Lag"/> reads the consumer group's lag on every input
/// partition (end offsets minus committed, as <c>KafkaInspector</c> does; its count is the input partition count);
/// <see cref="PaymentNodes"/> lists the addresses of the members that are <c>Up</c> with the <c>payments</c> role;
/// <see cref="Publish"/> produces a decision to <c>payments.control</c> and completes once Kafka acknowledged it;
/// <see cref="Actuator"/> makes decisions happen.
/// </summary>
public sealed record ScalerPorts(
    Func<Task<IReadOnlyList<PartitionLag>>> Lag,
    Func<IReadOnlyList<string>> PaymentNodes,
    Func<ScaleDecided, Task> Publish,
    IScaleActuator Actuator);
