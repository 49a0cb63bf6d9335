using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>A valid input record: the bound event and its CloudEvents attributes.</summary>
/// <param name="Time">The <c>time</c> attribute; optional in CloudEvents, so <c>null</c> when the producer left it out.</param>
public sealed record DecodedInput(IInputEvent Event, string Id, string Type, string Source, DateTimeOffset? Time);
