namespace Tdlab.Lab.Figures;

/// <summary>How an axis maps data to position.</summary>
public enum AxisScale
{
    /// <summary>Position proportional to the value.</summary>
    Linear,

    /// <summary>Position proportional to log10(value); values &lt;= 0 are dropped.</summary>
    Log10,
}
