using Akka.Actor;
using Akka.Payments.Shared.Accounts;
using Akka.Payments.Shared.Events;

namespace Akka.Payments.Node.Tests.Pipeline;

/// <summary>
/// Stands in for the shard region in stream specs. Credits are answered with <see cref="CreditApplied"/> at once,
/// except: requests in <c>fail</c> get <see cref="DecisionFailed"/>, requests in <c>boom</c> a
/// <see cref="Status.Failure"/>, and every ask of an account in <c>hold</c> is kept unanswered until
/// <see cref="Release"/> (after which the account is answered at once). Every <see cref="DecideEvent"/> is also
/// sent to <c>observer</c>.
/// </summary>
public sealed class FakeAccountRegion : ReceiveActor
{
    public sealed record Release;

    public static readonly DateTimeOffset ProcessedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly List<(IActorRef Sender, DecideEvent Command)> _held = [];

    public FakeAccountRegion(IActorRef observer, IReadOnlySet<string> fail, IReadOnlySet<string> boom, IReadOnlySet<string> hold)
    {
        var released = false;
        Receive<DecideEvent>(command =>
        {
            observer.Tell(command);
            var requestId = command.Input.RequestId;
            if (fail.Contains(requestId))
                Sender.Tell(new DecisionFailed(command.AccountId, requestId, $"cannot decide {requestId}: arithmetic overflow"));
            else if (boom.Contains(requestId))
                Sender.Tell(new Status.Failure(new InvalidOperationException($"entity crashed on {requestId}")));
            else if (hold.Contains(command.AccountId) && !released)
                _held.Add((Sender, command));
            else
                Sender.Tell(Outcome(command));
        });
        Receive<Release>(_ =>
        {
            released = true;
            foreach (var (sender, command) in _held) sender.Tell(Outcome(command));
            _held.Clear();
        });
    }

    public static IOutcomeEvent Outcome(DecideEvent command) => command.Input switch
    {
        AccountCredited c => new CreditApplied(c.CreditId, c.AccountId, c.Amount, c.Currency, c.Amount,
            command.Lineage.EventId, command.Lineage.Source, ProcessedAt),
        _ => throw new NotSupportedException(command.Input.GetType().Name),
    };
}
