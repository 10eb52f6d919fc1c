namespace Tdlab.Lab.Figures;

/// <summary>Markers at (x[i], y[i]); points a scale cannot show are skipped.</summary>
public sealed class ScatterSeries : IPlottable
{
    /// <summary>Creates a scatter; xs and ys must have equal length.</summary>
    public ScatterSeries(IEnumerable<double> xs, IEnumerable<double> ys, string? label, Color color)
    {
        Xs = xs.ToArray(); Ys = ys.ToArray(); Label = label; Color = color;
        if (Xs.Length != Ys.Length)
            throw new ArgumentException($"Scatter '{label}': {Xs.Length} x values but {Ys.Length} y values.");
    }

    /// <summary>x values.</summary>
    public double[] Xs { get; }

    /// <summary>y values.</summary>
    public double[] Ys { get; }

    /// <summary>Legend text.</summary>
    public string? Label { get; set; }

    /// <summary>Marker colour.</summary>
    public Color Color { get; set; }

    /// <summary>Symbol.</summary>
    public Marker Marker { get; set; } = Marker.Circle;

    /// <summary>Marker radius in px.</summary>
    public double Size { get; set; } = 3;

    /// <summary>Fill opacity (below 1 shows overplotting).</summary>
    public double Opacity { get; set; } = 0.75;

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale) => AxisLimits.Of(Xs, Ys, xScale, yScale);

    /// <inheritdoc/>
    public void Render(RenderContext ctx) => ctx.Markers(Xs, Ys, Marker, Size, Color, Opacity);

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend =>
        string.IsNullOrEmpty(Label) ? [] : [new LegendEntry(Label, Color, LegendSymbol.MarkerOnly, Marker: Marker)];
}
