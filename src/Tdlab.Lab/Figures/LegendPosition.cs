namespace Tdlab.Lab.Figures;

/// <summary>Where a panel's legend goes.</summary>
public enum LegendPosition
{
    /// <summary>The inside corner covering the fewest drawn points, top-right on ties.</summary>
    Auto,
    /// <summary>Inside, top right.</summary>
    TopRight,
    /// <summary>Inside, top left.</summary>
    TopLeft,
    /// <summary>Inside, bottom right.</summary>
    BottomRight,
    /// <summary>Inside, bottom left.</summary>
    BottomLeft,
    /// <summary>Outside the plot area, to the right (the panel shrinks to make room).</summary>
    OutsideRight,
    /// <summary>No legend.</summary>
    Hidden,
}
