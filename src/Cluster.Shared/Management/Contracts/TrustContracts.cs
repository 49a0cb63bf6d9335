using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Trust;

namespace Akka.Payments.Shared.Management.Contracts;

/// <summary><c>GET /trust/windows?last=N</c>: the trust plane's closed windows, newest first, each at its latest
/// revision (as last published on <c>payments.metrics</c>).</summary>
/// <param name="Host">The cluster address of the node that hosts the trust singleton.</param>
public sealed record TrustWindowsResponse(string Host, IReadOnlyList<MetricsWindow> Windows);

/// <summary><c>GET /trust/current</c>: the windows still open (revision 0) and what closes them.</summary>
/// <param name="Watermark">The highest <c>processedAt</c> counted minus the lateness; null before the first record.
/// A window closes when the watermark reaches its end.</param>
/// <param name="Pending">Closed windows not yet acknowledged by Kafka (they are published again after a failover).</param>
public sealed record TrustCurrentResponse(string Host, DateTimeOffset? Watermark, IReadOnlyList<MetricsWindow> Open, int Pending);

/// <summary><c>GET /trust/totals[?since=T]</c>: everything the trust plane counted, as one window from the first
/// record (or from the first kept window starting at or after <paramref name="Since"/>) to the latest.</summary>
/// <param name="Figures">The sums; null when nothing was counted in that span.</param>
/// <param name="Complete">False when <paramref name="Since"/> is older than the kept history: the figures then start
/// at the oldest kept window (<c>Figures.Start</c>).</param>
/// <param name="Expired">Records not counted because they were older than the horizon (since the first record).</param>
/// <param name="AlreadyCovered">Records read again below a covered offset and ignored (since the first record).</param>
/// <param name="Unreadable">Records on the input topics that were neither an outcome nor a dead letter.</param>
/// <param name="Offsets">The next offset to count per partition of <c>payments.processed</c> and <c>payments.dlq</c>:
/// every record below it is counted.</param>
public sealed record TrustTotalsResponse(
    string Host,
    DateTimeOffset? Since,
    MetricsWindow? Figures,
    bool Complete,
    long Expired,
    long AlreadyCovered,
    long Unreadable,
    IReadOnlyList<PartitionOffset> Offsets);
