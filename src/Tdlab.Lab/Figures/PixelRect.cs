namespace Tdlab.Lab.Figures;

/// <summary>An axis-aligned rectangle in pixels (y grows downwards).</summary>
public readonly record struct PixelRect(double Left, double Top, double Width, double Height)
{
    /// <summary>Right edge.</summary>
    public double Right => Left + Width;

    /// <summary>Bottom edge.</summary>
    public double Bottom => Top + Height;

    /// <summary>True when (x, y) lies inside or on the border.</summary>
    public bool Contains(double x, double y) => x >= Left && x <= Right && y >= Top && y <= Bottom;

    /// <summary>The rectangle grown by <paramref name="d"/> on every side.</summary>
    public PixelRect Inflate(double d) => new(Left - d, Top - d, Width + 2 * d, Height + 2 * d);
}
