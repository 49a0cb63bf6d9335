using System.Text.Json.Serialization;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Control;

/// <summary>An event the scaler (the control plane's autoscaling singleton) writes to its journal.</summary>
/// <remarks>Discriminators equal the serializer manifests: stable names, never CLR type names.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ScalerDecided), PaymentsManifests.ScalerDecided)]
[JsonDerivedType(typeof(ScalerPublished), PaymentsManifests.ScalerPublished)]
[JsonDerivedType(typeof(ScalerAutoscaleSet), PaymentsManifests.ScalerAutoscaleSet)]
public interface IScalerEvent;

/// <summary>A decision (the policy's or an operator's), number <paramref name="Sequence"/>: it waits in the outbox
/// until <see cref="ScalerPublished"/> covers it; its time starts the cooldown.</summary>
public sealed record ScalerDecided(long Sequence, ScaleDecided Decision) : IScalerEvent;

/// <summary>The decisions up to and including <paramref name="Through"/> are on Kafka.</summary>
public sealed record ScalerPublished(long Through) : IScalerEvent;

/// <summary>An operator turned autoscaling on or off.</summary>
public sealed record ScalerAutoscaleSet(bool On, string By, DateTimeOffset At) : IScalerEvent;
