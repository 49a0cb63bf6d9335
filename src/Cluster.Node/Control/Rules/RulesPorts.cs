using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Rules;

namespace Akka.Payments.Node.Control.Rules;

/// <summary>
/// What the rules singleton does to the outside world, as functions, so that the actor stays a thin shell:
/// <see cref="Spread"/> tells every node the new rules (Akka distributed publish-subscribe; at most once: the nodes
/// also pull), and <see cref="Publish"/> puts changes on <c>payments.control</c> in order and completes once Kafka
/// acknowledged them all.
/// </summary>
public sealed record RulesPorts(Action<RulesUpdate> Spread, Func<IReadOnlyList<RulesUpdated>, Task> Publish);
