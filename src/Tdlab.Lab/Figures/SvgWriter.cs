using System.Globalization;
using System.Text;

namespace Tdlab.Lab.Figures;

/// <summary>
/// Appends SVG elements to a buffer. Numbers are written with the invariant culture rounded to two
/// decimals, so files are small and byte-stable. Text may use ^{sup} and _{sub} markup.
/// </summary>
public sealed class SvgWriter
{
    private readonly StringBuilder _body = new();
    private readonly SortedDictionary<string, string> _defs = new(StringComparer.Ordinal);
    private int _nextId;

    /// <summary>Average glyph advance as a fraction of the font size (sans-serif digits are ~0.55-0.64).</summary>
    public const double CharWidth = 0.6;

    /// <summary>Number as SVG text: rounded to 2 decimals, no trailing zeros, no "-0".</summary>
    public static string N(double v)
    {
        double r = Math.Round(v, 2, MidpointRounding.AwayFromZero);
        if (r == 0) r = 0;
        return r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>XML-escapes text content and attribute values.</summary>
    public static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    /// <summary>Dash pattern for a line style scaled by the stroke width; null for solid.</summary>
    public static string? DashArray(LineStyle style, double width) => style switch
    {
        LineStyle.Dashed => $"{N(5 * width)},{N(3 * width)}",
        LineStyle.Dotted => $"{N(1 * width)},{N(2 * width)}",
        LineStyle.DashDot => $"{N(5 * width)},{N(2.5 * width)},{N(1 * width)},{N(2.5 * width)}",
        _ => null,
    };

    /// <summary>A fresh id with the given prefix (unique within this document).</summary>
    public string NewId(string prefix) => prefix + (_nextId++).ToString(CultureInfo.InvariantCulture);

    /// <summary>Adds a definition once (later calls with the same id are ignored).</summary>
    public void Define(string id, string element) => _defs.TryAdd(id, element);

    /// <summary>Appends raw markup.</summary>
    public void Raw(string markup) => _body.Append(markup).Append('\n');

    /// <summary>Opens a group with the given raw attributes.</summary>
    public void OpenGroup(string attributes = "") => Raw(attributes.Length == 0 ? "<g>" : $"<g {attributes}>");

    /// <summary>Closes the last group.</summary>
    public void CloseGroup() => Raw("</g>");

    /// <summary>Straight line segment.</summary>
    public void Line(double x1, double y1, double x2, double y2, Color stroke, double width = 1, LineStyle style = LineStyle.Solid, double opacity = 1)
        => Raw($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\"{StrokeAttrs(stroke, width, style, opacity)}/>");

    /// <summary>Rectangle; fill may be a colour or "url(#id)"; stroke null for none.</summary>
    public void Rect(double x, double y, double w, double h, string fill, double fillOpacity = 1, Color? stroke = null, double strokeWidth = 1)
    {
        string op = fillOpacity < 1 ? $" fill-opacity=\"{N(fillOpacity)}\"" : "";
        string st = stroke is Color s ? $" stroke=\"{s}\" stroke-width=\"{N(strokeWidth)}\"" : "";
        Raw($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(w, 0))}\" height=\"{N(Math.Max(h, 0))}\" fill=\"{fill}\"{op}{st}/>");
    }

    /// <summary>Open path through the given runs of points, one "M ... L ..." per run.</summary>
    public void Polyline(IEnumerable<IReadOnlyList<(double X, double Y)>> runs, Color stroke, double width, LineStyle style, double opacity = 1)
    {
        string d = PathData(runs, close: false);
        if (d.Length > 0)
            Raw($"<path d=\"{d}\" fill=\"none\"{StrokeAttrs(stroke, width, style, opacity)} stroke-linejoin=\"round\" stroke-linecap=\"round\"/>");
    }

    /// <summary>Filled closed polygons.</summary>
    public void Polygons(IEnumerable<IReadOnlyList<(double X, double Y)>> polygons, Color fill, double opacity)
    {
        string d = PathData(polygons, close: true);
        if (d.Length > 0) Raw($"<path d=\"{d}\" fill=\"{fill}\" fill-opacity=\"{N(opacity)}\" stroke=\"none\"/>");
    }

    /// <summary>Point symbol of radius ~<paramref name="r"/> centred on (x, y).</summary>
    public void MarkerAt(Marker marker, double x, double y, double r, Color color, double opacity = 1)
    {
        string op = opacity < 1 ? $" fill-opacity=\"{N(opacity)}\"" : "";
        switch (marker)
        {
            case Marker.Circle:
                Raw($"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(r)}\" fill=\"{color}\"{op}/>"); break;
            case Marker.Square:
                Raw($"<rect x=\"{N(x - r * 0.9)}\" y=\"{N(y - r * 0.9)}\" width=\"{N(1.8 * r)}\" height=\"{N(1.8 * r)}\" fill=\"{color}\"{op}/>"); break;
            case Marker.Triangle:
                Raw($"<path d=\"M{N(x)},{N(y - 1.2 * r)}L{N(x + 1.1 * r)},{N(y + 0.8 * r)}L{N(x - 1.1 * r)},{N(y + 0.8 * r)}Z\" fill=\"{color}\"{op}/>"); break;
            case Marker.Diamond:
                Raw($"<path d=\"M{N(x)},{N(y - 1.25 * r)}L{N(x + r)},{N(y)}L{N(x)},{N(y + 1.25 * r)}L{N(x - r)},{N(y)}Z\" fill=\"{color}\"{op}/>"); break;
            case Marker.Cross:
                Raw($"<path d=\"M{N(x - r)},{N(y - r)}L{N(x + r)},{N(y + r)}M{N(x - r)},{N(y + r)}L{N(x + r)},{N(y - r)}\" stroke=\"{color}\" stroke-width=\"1.5\" fill=\"none\"/>"); break;
        }
    }

    /// <summary>
    /// Text whose baseline is at y (or centred on y when <paramref name="middle"/>). anchor is
    /// "start", "middle" or "end"; rotate is degrees about (x, y).
    /// </summary>
    public void Text(double x, double y, string text, double size, string anchor = "start", Color? color = null,
        bool middle = false, double rotate = 0, string? weight = null, bool halo = false)
    {
        if (middle) y += 0.35 * size;
        var sb = new StringBuilder();
        sb.Append($"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(size)}\"");
        if (anchor != "start") sb.Append($" text-anchor=\"{anchor}\"");
        if (color is Color c && c != Color.Ink) sb.Append($" fill=\"{c}\"");
        if (weight is not null) sb.Append($" font-weight=\"{weight}\"");
        if (text.Contains("^{") || text.Contains("_{")) sb.Append(" xml:space=\"preserve\""); // keep spaces at tspan edges
        if (halo) sb.Append(" stroke=\"#ffffff\" stroke-width=\"3\" stroke-opacity=\"0.85\" paint-order=\"stroke\"");
        if (rotate != 0) sb.Append($" transform=\"rotate({N(rotate)} {N(x)} {N(y - (middle ? 0.35 * size : 0))})\"");
        sb.Append('>').Append(MathText(text, size)).Append("</text>");
        Raw(sb.ToString());
    }

    /// <summary>
    /// Escaped text with ^{..} and _{..} turned into raised/lowered smaller tspans (dy offsets, which
    /// every SVG renderer honours, unlike baseline-shift). The enclosing text element needs
    /// xml:space="preserve" so spaces next to a tspan survive (<see cref="Text"/> adds it).
    /// </summary>
    public static string MathText(string text, double size)
    {
        if (!text.Contains("^{") && !text.Contains("_{")) return Escape(text);
        var sb = new StringBuilder();
        double shift = 0; // current baseline offset, px (negative = raised)
        int i = 0;
        while (i < text.Length)
        {
            int sup = text.IndexOf("^{", i, StringComparison.Ordinal), sub = text.IndexOf("_{", i, StringComparison.Ordinal);
            int next = sup < 0 ? sub : sub < 0 ? sup : Math.Min(sup, sub);
            int close = next < 0 ? -1 : text.IndexOf('}', next);
            if (next < 0 || close < 0) { Chunk(text[i..], 0, 1); break; }
            if (next > i) Chunk(text[i..next], 0, 1);
            Chunk(text[(next + 2)..close], text[next] == '^' ? -0.4 * size : 0.25 * size, 0.75);
            i = close + 1;
        }
        return sb.ToString();

        void Chunk(string s, double target, double scale)
        {
            if (s.Length == 0) return;
            double dy = target - shift;
            shift = target;
            if (dy == 0 && scale == 1) { sb.Append("<tspan>").Append(Escape(s)).Append("</tspan>"); return; }
            sb.Append("<tspan");
            if (dy != 0) sb.Append($" dy=\"{N(dy)}\"");
            if (scale != 1) sb.Append($" font-size=\"{N(scale * size)}\"");
            sb.Append('>').Append(Escape(s)).Append("</tspan>");
        }
    }

    /// <summary>Estimated rendered width of (markup) text in pixels.</summary>
    public static double TextWidth(string text, double size)
    {
        double w = 0, scale = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if ((c == '^' || c == '_') && i + 1 < text.Length && text[i + 1] == '{') { scale = 0.75; i++; continue; }
            if (c == '}' && scale < 1) { scale = 1; continue; }
            double glyph = c is '.' or ',' or ':' or 'i' or 'l' or 'j' or 't' or 'f' or '(' or ')' or ' ' ? 0.33
                : c is 'm' or 'w' or 'M' or 'W' or '\u00D7' ? 0.85 : char.IsUpper(c) ? 0.68 : CharWidth;
            w += glyph * scale * size;
        }
        return w;
    }

    /// <summary>The complete document.</summary>
    public string Document(double width, double height, string fontFamily)
    {
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"{Escape(fontFamily)}\" fill=\"{Color.Ink}\">\n");
        if (_defs.Count > 0)
        {
            sb.Append("<defs>\n");
            foreach (var d in _defs.Values) sb.Append(d).Append('\n');
            sb.Append("</defs>\n");
        }
        sb.Append(_body).Append("</svg>\n");
        return sb.ToString();
    }

    private static string StrokeAttrs(Color stroke, double width, LineStyle style, double opacity)
    {
        string dash = DashArray(style, width) is string da ? $" stroke-dasharray=\"{da}\"" : "";
        string op = opacity < 1 ? $" stroke-opacity=\"{N(opacity)}\"" : "";
        return $" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"{dash}{op}";
    }

    private static string PathData(IEnumerable<IReadOnlyList<(double X, double Y)>> runs, bool close)
    {
        var sb = new StringBuilder();
        foreach (var run in runs)
        {
            if (run.Count < 2) continue;
            sb.Append('M').Append(N(run[0].X)).Append(',').Append(N(run[0].Y));
            for (int i = 1; i < run.Count; i++) sb.Append('L').Append(N(run[i].X)).Append(',').Append(N(run[i].Y));
            if (close) sb.Append('Z');
        }
        return sb.ToString();
    }
}
