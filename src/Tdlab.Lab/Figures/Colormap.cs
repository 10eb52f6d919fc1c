namespace Tdlab.Lab.Figures;

/// <summary>
/// Viridis (van der Walt and Smith, matplotlib 2.0): perceptually uniform, colour-blind-safe,
/// readable in greyscale. Stored as 9 anchors of the original 256-entry table, linearly interpolated.
/// </summary>
public static class Colormap
{
    /// <summary>Anchor colours at t = 0, 1/8, ..., 1.</summary>
    public static readonly IReadOnlyList<Color> ViridisAnchors =
    [
        Color.Parse("#440154"), Color.Parse("#472d7b"), Color.Parse("#3b528b"), Color.Parse("#2c728e"),
        Color.Parse("#21918c"), Color.Parse("#28ae80"), Color.Parse("#5ec962"), Color.Parse("#addc30"),
        Color.Parse("#fde725"),
    ];

    /// <summary>Viridis at t in [0, 1] (clamped); NaN gives the dark end.</summary>
    public static Color Viridis(double t)
    {
        if (double.IsNaN(t)) t = 0;
        t = Math.Clamp(t, 0, 1) * (ViridisAnchors.Count - 1);
        int i = Math.Min((int)t, ViridisAnchors.Count - 2);
        return Color.Lerp(ViridisAnchors[i], ViridisAnchors[i + 1], t - i);
    }
}
