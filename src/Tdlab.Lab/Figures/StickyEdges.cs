namespace Tdlab.Lab.Figures;

/// <summary>Sides of a data range that auto limits must not pad past (a histogram's zero baseline,
/// a heatmap's outer cell edges).</summary>
[Flags]
public enum StickyEdges
{
    /// <summary>Pad every side.</summary>
    None = 0,
    /// <summary>Keep the smallest x.</summary>
    XMin = 1,
    /// <summary>Keep the largest x.</summary>
    XMax = 2,
    /// <summary>Keep the smallest y.</summary>
    YMin = 4,
    /// <summary>Keep the largest y.</summary>
    YMax = 8,
    /// <summary>Keep all four sides.</summary>
    All = XMin | XMax | YMin | YMax,
}
