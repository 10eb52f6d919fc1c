namespace Tdlab.Lab.Figures;

/// <summary>
/// Colour-blind-safe qualitative colours: Okabe and Ito (2008), "Color Universal Design", with the
/// yellow moved last because it is faint on white. Series take them in order.
/// </summary>
public static class Palette
{
    /// <summary>Blue, orange, bluish green, vermillion, reddish purple, sky blue, black, yellow.</summary>
    public static readonly IReadOnlyList<Color> OkabeIto =
    [
        Color.Parse("#0072B2"), Color.Parse("#E69F00"), Color.Parse("#009E73"), Color.Parse("#D55E00"),
        Color.Parse("#CC79A7"), Color.Parse("#56B4E9"), Color.Parse("#000000"), Color.Parse("#F0E442"),
    ];

    /// <summary>The i-th series colour (wraps around).</summary>
    public static Color Series(int i) => OkabeIto[((i % OkabeIto.Count) + OkabeIto.Count) % OkabeIto.Count];
}
