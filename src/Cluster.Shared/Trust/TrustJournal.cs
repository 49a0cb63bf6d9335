using System.Text.Json.Serialization;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Trust;

/// <summary>An event the trust plane writes to its journal. Replaying them through the pure state gives back exactly
/// the state that wrote them: the records counted, the ticks that changed something, the windows delivered.</summary>
/// <remarks>Discriminators equal the serializer manifests: stable names, never CLR type names.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(TrustRecordsCounted), PaymentsManifests.TrustRecordsCounted)]
[JsonDerivedType(typeof(TrustTicked), PaymentsManifests.TrustTicked)]
[JsonDerivedType(typeof(TrustWindowsDelivered), PaymentsManifests.TrustWindowsDelivered)]
public interface ITrustEvent;

/// <summary>One batch of records read from Kafka, counted in order, then a tick at <paramref name="Now"/> (the wall
/// clock when the batch was counted): the offsets they cover are in the records themselves.</summary>
public sealed record TrustRecordsCounted(IReadOnlyList<TrustInput> Records, DateTimeOffset Now) : ITrustEvent;

/// <summary>The wall clock ticked and the tick changed the state (it closed idle windows).</summary>
public sealed record TrustTicked(DateTimeOffset Now) : ITrustEvent;

/// <summary>The windows of the outbox up to and including <paramref name="Through"/> are on Kafka.</summary>
public sealed record TrustWindowsDelivered(long Through) : ITrustEvent;

/// <summary>A window waiting to be published, in the order it was closed or restated.</summary>
public sealed record PendingWindow(long Sequence, MetricsWindow Window);

/// <summary>The trust plane's snapshot: the state, and the windows it has not yet seen delivered.</summary>
public sealed record TrustPlaneSnapshot(TrustSnapshot State, IReadOnlyList<PendingWindow> Outbox, long NextSequence);
