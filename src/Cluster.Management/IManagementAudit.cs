using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Management;

/// <summary>Where the endpoint reports every command that needs the token (<see cref="ManagementAuthorization.RequireToken"/>),
/// taken or refused. Optional: without one registered, nothing is audited (Lighthouse).</summary>
public interface IManagementAudit
{
    void Record(AuditEntry entry);
}
