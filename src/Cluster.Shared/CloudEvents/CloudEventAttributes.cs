namespace Akka.Payments.Shared.CloudEvents;

/// <summary>The CloudEvents context attributes we write: <c>id</c>, <c>type</c>, <c>source</c> and <c>time</c>.</summary>
/// <param name="Source">A URI reference, e.g. <c>/akka-payments/node</c>.</param>
public readonly record struct CloudEventAttributes(string Id, string Type, string Source, DateTimeOffset Time);
