using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Shared.Trust;

/// <summary>A question to the trust singleton (through its proxy, from any node); answered with a management contract.</summary>
public interface ITrustQuery;

/// <summary>Answered with <see cref="TrustWindowsResponse"/>: the last <paramref name="Last"/> closed windows.</summary>
public sealed record GetTrustWindows(int Last) : ITrustQuery;

/// <summary>Answered with <see cref="TrustCurrentResponse"/>.</summary>
public sealed record GetTrustCurrent : ITrustQuery;

/// <summary>Answered with <see cref="TrustTotalsResponse"/>: since the first record, or the windows from
/// <paramref name="Since"/> on.</summary>
public sealed record GetTrustTotals(DateTimeOffset? Since) : ITrustQuery;
