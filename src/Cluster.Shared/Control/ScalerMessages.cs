using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Shared.Control;

/// <summary>A message to the scaler singleton (through its proxy, from any node).</summary>
public interface IScalerMessage;

/// <summary>A node's figures, every <c>Payments:Control:ReportEvery</c>; not answered, only the latest of each node is
/// kept.</summary>
public sealed record ReportScaleSignals(ScaleNodeSignals Signals) : IScalerMessage;

/// <summary>Answered with <see cref="ScalerStatusResponse"/>.</summary>
public sealed record GetScalerStatus : IScalerMessage;

/// <summary>Run <paramref name="Nodes"/> payment nodes now; answered with <see cref="ScaleResponse"/> or
/// <see cref="ScaleRefused"/>.</summary>
public sealed record ScaleNodes(int Nodes, string By) : IScalerMessage;

/// <summary>A manual scale outside the bounds: <paramref name="Error"/> names the bound.</summary>
public sealed record ScaleRefused(string Error) : IScalerMessage;

/// <summary>Turn autoscaling on or off; answered with <see cref="AutoscaleResponse"/>.</summary>
public sealed record SetAutoscale(bool On, string By) : IScalerMessage;
