namespace Tdlab.Lab.Figures;

/// <summary>
/// Geometry behind line and band drawing: splitting series at points a scale cannot show (NaN, Inf,
/// non-positive on log axes), and clipping to the plot area so off-scale values (a diverged loss of
/// 1e30) neither bloat the file nor distort the visible part.
/// </summary>
public static class PlotGeometry
{
    /// <summary>Runs of consecutive indices i with valid(i); each run is [start, end).</summary>
    public static List<(int Start, int End)> ValidRuns(int count, Func<int, bool> valid)
    {
        var runs = new List<(int, int)>();
        int start = -1;
        for (int i = 0; i <= count; i++)
        {
            bool ok = i < count && valid(i);
            if (ok && start < 0) start = i;
            else if (!ok && start >= 0) { runs.Add((start, i)); start = -1; }
        }
        return runs;
    }

    /// <summary>
    /// Clips a polyline to <paramref name="rect"/> with Liang-Barsky per segment; the result is the
    /// visible pieces, each a polyline of two or more points.
    /// </summary>
    public static List<List<(double X, double Y)>> ClipPolyline(IReadOnlyList<(double X, double Y)> pts, PixelRect rect)
    {
        var pieces = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? current = null;
        for (int i = 0; i + 1 < pts.Count; i++)
        {
            if (!ClipSegment(pts[i], pts[i + 1], rect, out var a, out var b, out bool aClipped, out bool bClipped))
            {
                current = null;
                continue;
            }
            if (current is null || aClipped)
            {
                current = [a];
                pieces.Add(current);
            }
            current.Add(b);
            if (bClipped) current = null;
        }
        return pieces;
    }

    /// <summary>
    /// Liang-Barsky: the part of segment p-q inside rect, as a-b; false when none.
    /// Parametrise p + t (q - p), t in [0, 1], and shrink [t0, t1] against each edge.
    /// </summary>
    public static bool ClipSegment((double X, double Y) p, (double X, double Y) q, PixelRect rect,
        out (double X, double Y) a, out (double X, double Y) b, out bool aClipped, out bool bClipped)
    {
        double dx = q.X - p.X, dy = q.Y - p.Y, t0 = 0, t1 = 1;
        a = p; b = q; aClipped = bClipped = false;
        if (!Edge(-dx, p.X - rect.Left) || !Edge(dx, rect.Right - p.X) || !Edge(-dy, p.Y - rect.Top) || !Edge(dy, rect.Bottom - p.Y))
            return false;
        if (t0 > 0) { a = (p.X + t0 * dx, p.Y + t0 * dy); aClipped = true; }
        if (t1 < 1) { b = (p.X + t1 * dx, p.Y + t1 * dy); bClipped = true; }
        return true;

        bool Edge(double pk, double qk)
        {
            if (pk == 0) return qk >= 0;
            double t = qk / pk;
            if (pk < 0) { if (t > t1) return false; if (t > t0) t0 = t; }
            else { if (t < t0) return false; if (t < t1) t1 = t; }
            return true;
        }
    }

    /// <summary>Sutherland-Hodgman: the polygon clipped to rect (possibly empty).</summary>
    public static List<(double X, double Y)> ClipPolygon(IReadOnlyList<(double X, double Y)> poly, PixelRect rect)
    {
        var output = poly.ToList();
        output = ClipAgainst(output, p => p.X >= rect.Left, (p, q) => Cross(p, q, rect.Left, true));
        output = ClipAgainst(output, p => p.X <= rect.Right, (p, q) => Cross(p, q, rect.Right, true));
        output = ClipAgainst(output, p => p.Y >= rect.Top, (p, q) => Cross(p, q, rect.Top, false));
        output = ClipAgainst(output, p => p.Y <= rect.Bottom, (p, q) => Cross(p, q, rect.Bottom, false));
        return output;

        static (double, double) Cross((double X, double Y) p, (double X, double Y) q, double c, bool vertical)
        {
            double t = vertical ? (c - p.X) / (q.X - p.X) : (c - p.Y) / (q.Y - p.Y);
            return vertical ? (c, p.Y + t * (q.Y - p.Y)) : (p.X + t * (q.X - p.X), c);
        }
    }

    private static List<(double X, double Y)> ClipAgainst(List<(double X, double Y)> input,
        Func<(double X, double Y), bool> inside, Func<(double X, double Y), (double X, double Y), (double X, double Y)> cross)
    {
        var output = new List<(double X, double Y)>();
        for (int i = 0; i < input.Count; i++)
        {
            var cur = input[i];
            var prev = input[(i + input.Count - 1) % input.Count];
            bool ci = inside(cur), pi = inside(prev);
            if (ci)
            {
                if (!pi) output.Add(cross(prev, cur));
                output.Add(cur);
            }
            else if (pi) output.Add(cross(prev, cur));
        }
        return output;
    }
}
