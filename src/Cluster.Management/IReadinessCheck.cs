namespace Akka.Payments.Management;

/// <summary>One condition of <c>/ready</c>. Returns null when it holds, else what is wrong.</summary>
public interface IReadinessCheck
{
    string Name { get; }

    Task<string?> Check(CancellationToken cancellation);
}
