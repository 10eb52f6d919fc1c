namespace Tdlab.Lab.Figures;

/// <summary>
/// Maps data [DataLo, DataHi] onto pixels [PixelLo, PixelHi] (PixelLo may exceed PixelHi, as for y):
/// px = PixelLo + (f(v) - f(DataLo)) / (f(DataHi) - f(DataLo)) * (PixelHi - PixelLo),
/// with f = identity (linear) or log10.
/// </summary>
public readonly record struct AxisTransform(double DataLo, double DataHi, double PixelLo, double PixelHi, AxisScale Scale)
{
    private double F(double v) => Scale == AxisScale.Log10 ? Math.Log10(v) : v;

    /// <summary>Pixel position of a data value; NaN when the scale cannot show it.</summary>
    public double ToPixel(double v)
    {
        if (!Axis.CanShow(v, Scale)) return double.NaN;
        double lo = F(DataLo), hi = F(DataHi);
        return PixelLo + (F(v) - lo) / (hi - lo) * (PixelHi - PixelLo);
    }

    /// <summary>Data value at a pixel position (inverse of <see cref="ToPixel"/>).</summary>
    public double ToData(double px)
    {
        double lo = F(DataLo), hi = F(DataHi);
        double f = lo + (px - PixelLo) / (PixelHi - PixelLo) * (hi - lo);
        return Scale == AxisScale.Log10 ? Math.Pow(10, f) : f;
    }
}
