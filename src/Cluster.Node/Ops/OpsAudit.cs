using Akka.Actor;
using Akka.Hosting;
using Akka.Payments.Management;
using Akka.Payments.Shared.Management.Contracts;
using Akka.Payments.Shared.Ops;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// The node's <see cref="IManagementAudit"/>: every command that needs the token, taken or refused, goes to the ops
/// singleton's audit trail (through this node's proxy, which holds messages while the singleton moves). The
/// endpoint does not wait for it.
/// </summary>
public sealed class OpsAudit(IRequiredActor<OpsPlane> ops) : IManagementAudit
{
    public void Record(AuditEntry entry) => _ = Send(entry);

    private async Task Send(AuditEntry entry)
    {
        var proxy = await ops.GetAsync().ConfigureAwait(false);
        proxy.Tell(new RecordAudit(entry), ActorRefs.NoSender);
    }
}
