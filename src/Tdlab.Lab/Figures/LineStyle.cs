namespace Tdlab.Lab.Figures;

/// <summary>Stroke pattern of a line.</summary>
public enum LineStyle
{
    /// <summary>Continuous.</summary>
    Solid,
    /// <summary>Long dashes.</summary>
    Dashed,
    /// <summary>Dots.</summary>
    Dotted,
    /// <summary>Dash, dot.</summary>
    DashDot,
}
