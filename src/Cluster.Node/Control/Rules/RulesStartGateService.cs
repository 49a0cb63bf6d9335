using Akka.Payments.Node.Rules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Node.Control.Rules;

/// <summary>
/// A start step between the journal gate and the payment stream: the node takes no payment before its
/// <see cref="RulesFollower"/> heard the rules singleton once. Without it, a node that restarts after a rule change
/// would decide its first payments with its own <c>Rules:</c> configuration, an older version, until its first pull.
/// It waits as long as it takes (the singleton needs the journal the gate before it proved), saying so every
/// 10 seconds; a host stopping meanwhile stops the wait.
/// </summary>
public sealed class RulesStartGateService(RulesHolder rules, ILogger<RulesStartGateService> log) : IHostedService
{
    private static readonly TimeSpan SayEvery = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (!rules.FirstHeard.IsCompleted)
        {
            try
            {
                await rules.FirstHeard.WaitAsync(SayEvery, cancellationToken);
            }
            catch (TimeoutException)
            {
                waited += SayEvery;
                log.LogWarning("The payment stream waits for the rules singleton's rules ({Waited} s so far): it is starting or moving", waited.TotalSeconds);
            }
        }
        log.LogInformation("Deciding with the control plane's rules, version {Version}", rules.Current.Version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
