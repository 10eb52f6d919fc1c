namespace Tdlab.Lab.Figures;

/// <summary>
/// One panel of a <see cref="Figure"/>: an x and a y <see cref="Axis"/>, the items drawn in it, a
/// title and a legend. Series colours are taken from <see cref="Palette.OkabeIto"/> in order.
/// <see cref="TwinY"/> adds a second y axis on the right sharing x (e.g. accuracy beside loss).
/// </summary>
public sealed partial class Axes
{
    private readonly List<IPlottable> _items = [];
    private readonly Axes? _parent;
    private Axes? _twin;
    private int _colorIndex;

    internal Axes(Axis x, Axis y, Axes? parent = null)
    {
        X = x; Y = y; _parent = parent;
    }

    /// <summary>Horizontal axis (shared with the twin, if any).</summary>
    public Axis X { get; }

    /// <summary>Vertical axis (left; or right for a twin).</summary>
    public Axis Y { get; }

    /// <summary>Panel title, drawn above the plot area.</summary>
    public string? Title { get; set; }

    /// <summary>Legend placement.</summary>
    public LegendPosition LegendPosition { get; set; } = LegendPosition.Auto;

    /// <summary>Items in the order added.</summary>
    public IReadOnlyList<IPlottable> Plottables => _items;

    /// <summary>The right-hand y axis panel made by <see cref="TwinY"/>, or null.</summary>
    public Axes? Twin => _twin;

    /// <summary>Adds any plottable and returns it.</summary>
    public T Add<T>(T plottable) where T : IPlottable
    {
        ArgumentNullException.ThrowIfNull(plottable);
        _items.Add(plottable);
        return plottable;
    }

    /// <summary>The next unused series colour (shared between a panel and its twin).</summary>
    public Color NextColor() => _parent is not null ? _parent.NextColor() : Palette.Series(_colorIndex++);

    /// <summary>
    /// A second y axis on the right that shares this panel's x axis; items added to it use its y.
    /// Its legend rows join this panel's legend. Calling again returns the same twin.
    /// </summary>
    public Axes TwinY(string? label = null, bool log = false)
    {
        if (_parent is not null) throw new InvalidOperationException("Axes.TwinY: a twin axis cannot have its own twin.");
        _twin ??= new Axes(X, new Axis(label, log ? AxisScale.Log10 : AxisScale.Linear), this);
        return _twin;
    }

    /// <summary>Sets the x limits (null keeps a side automatic). Returns this panel.</summary>
    public Axes XLim(double? min, double? max) { X.SetLimits(min, max); return this; }

    /// <summary>Sets the y limits (null keeps a side automatic). Returns this panel.</summary>
    public Axes YLim(double? min, double? max) { Y.SetLimits(min, max); return this; }

    /// <summary>Union of the data ranges of this panel's items (x includes the twin's items).</summary>
    internal AxisLimits DataLimits()
    {
        var lim = AxisLimits.Empty;
        foreach (var p in _items) lim = lim.Union(p.Limits(X.Scale, Y.Scale));
        if (_twin is not null)
        {
            var t = _twin.DataLimits();
            lim = lim.Union(new AxisLimits(t.XMin, t.XMax, double.NaN, double.NaN, t.Sticky & (StickyEdges.XMin | StickyEdges.XMax)));
        }
        return lim;
    }
}
