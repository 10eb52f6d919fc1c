namespace Tdlab.Lab.Figures;

/// <summary>What a legend row's symbol looks like.</summary>
public enum LegendSymbol
{
    /// <summary>A short line (with the marker, if any).</summary>
    Line,
    /// <summary>A filled square.</summary>
    Patch,
    /// <summary>A shaded patch with a line through it (mean +- band).</summary>
    LineOverPatch,
    /// <summary>The marker alone.</summary>
    MarkerOnly,
}
