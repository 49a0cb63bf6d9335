using Akka.Payments.Node.Control.Rules;
using Akka.Payments.Node.Rules;
using Akka.Payments.Shared.Rules;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Payments.Node.Tests.Control;

/// <summary>The start step that keeps the payment stream from deciding with the node's own configured rules before
/// it heard the control plane's.</summary>
public sealed class RulesStartGateServiceTests
{
    [Fact]
    public async Task The_start_waits_until_the_node_heard_the_rules_singleton()
    {
        var holder = new RulesHolder(PaymentRules.Default);
        var gate = new RulesStartGateService(holder, NullLogger<RulesStartGateService>.Instance);

        var start = gate.StartAsync(CancellationToken.None);
        Assert.False(start.IsCompleted);

        holder.Heard();
        await start.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_host_stopping_meanwhile_ends_the_wait()
    {
        var gate = new RulesStartGateService(new RulesHolder(PaymentRules.Default), NullLogger<RulesStartGateService>.Instance);
        using var stopping = new CancellationTokenSource();

        var start = gate.StartAsync(stopping.Token);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
