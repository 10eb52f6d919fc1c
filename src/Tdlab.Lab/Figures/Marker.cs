namespace Tdlab.Lab.Figures;

/// <summary>Point symbol drawn at data points.</summary>
public enum Marker
{
    /// <summary>No symbol.</summary>
    None,
    /// <summary>Filled circle.</summary>
    Circle,
    /// <summary>Filled square.</summary>
    Square,
    /// <summary>Filled upward triangle.</summary>
    Triangle,
    /// <summary>Filled diamond.</summary>
    Diamond,
    /// <summary>Diagonal cross (stroke only).</summary>
    Cross,
}
