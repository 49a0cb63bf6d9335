namespace Akka.Payments.Shared.Management.Contracts;

/// <summary><c>GET /ops/deadletters</c>: the Akka dead letters, unhandled messages and dropped messages of one node,
/// counted since the node started.</summary>
/// <param name="Node">The cluster address of the node that counted them.</param>
/// <param name="Since">When the node started counting.</param>
/// <param name="At">When this report was made.</param>
/// <param name="Kinds">One row per kind (<c>dead_letter</c>, <c>unhandled</c>, <c>dropped</c>), always all three.</param>
/// <param name="LastMinute">All kinds together in the 60 seconds before <paramref name="At"/>: the rate the alert watches.</param>
/// <param name="PerMinute5">All kinds together in the 5 minutes before <paramref name="At"/>, divided by 5.</param>
/// <param name="AlertPerMinute">The alert's threshold (<c>Payments:Ops:DeadLetterAlertPerMinute</c>; 0: never).</param>
/// <param name="Alert">True from the moment <paramref name="LastMinute"/> reached the threshold until it fell below it.</param>
/// <param name="TopMessageTypes">The most frequent message types since the start (at most 10), most frequent first.</param>
/// <param name="TopRecipients">The most frequent recipients since the start (at most 10), with per-entity and
/// temporary actors folded into one path (<c>/system/sharding/account/*/*</c>, <c>/temp/*</c>).</param>
public sealed record AkkaDeadLetterReport(
    string Node,
    DateTimeOffset Since,
    DateTimeOffset At,
    IReadOnlyList<DeadLetterKindFigures> Kinds,
    long LastMinute,
    double PerMinute5,
    int AlertPerMinute,
    bool Alert,
    IReadOnlyList<DeadLetterCount> TopMessageTypes,
    IReadOnlyList<DeadLetterCount> TopRecipients);

/// <summary>One kind of undelivered message: how many since the start, in the last minute, and per minute over 5.</summary>
public sealed record DeadLetterKindFigures(string Kind, long Total, long LastMinute, double PerMinute5);

/// <summary>A message type or a recipient and how many undelivered messages it had. <c>(other)</c> gathers the
/// names met once the table was full.</summary>
public sealed record DeadLetterCount(string Name, long Count);
