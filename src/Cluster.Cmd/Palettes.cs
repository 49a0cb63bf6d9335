using Akka.Payments.Cmd.Palettes;

namespace Akka.Payments.Cmd;

/// <summary>Every palette payctl knows. A new palette is one file in Palettes/ and one line here.</summary>
public static class AllPalettes
{
    public static readonly IReadOnlyList<Palette> List =
    [
        ClusterPalette.Build(),
        ShardingPalette.Build(),
        PaymentsPalette.Build(),
        KafkaPalette.Build(),
        TrustPalette.Build(),
        OpsPalette.Build(),
        ControlPalette.Build(),
    ];

    public static Palette? Find(string name) => List.FirstOrDefault(p => p.Name == name);
}
