namespace Tdlab.Lab.Figures;

/// <summary>One legend row.</summary>
public sealed record LegendEntry(string Label, Color Color, LegendSymbol Symbol = LegendSymbol.Line,
    LineStyle Style = LineStyle.Solid, Marker Marker = Marker.None, double FillOpacity = 0.25);
