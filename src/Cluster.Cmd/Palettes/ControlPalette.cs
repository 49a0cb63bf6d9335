namespace Akka.Payments.Cmd.Palettes;

/// <summary><c>control</c>: the control plane. Its autoscaling commands are <see cref="ScaleCommands"/>.</summary>
public static class ControlPalette
{
    public static Palette Build() => new("control", "the control plane: autoscaling status, manual scale, autoscale on|off",
    [
        .. ScaleCommands.List,
    ]);
}
