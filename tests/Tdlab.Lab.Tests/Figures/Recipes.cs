using Tdlab.Lab.Figures;

namespace Tdlab.Lab.Tests.Figures;

/// <summary>
/// One fixed figure per figure kind (the cookbook). Data are closed-form or from a tiny local
/// generator, so the SVG is byte-stable and compared with a golden file.
/// </summary>
internal static class Recipes
{
    public static readonly IReadOnlyDictionary<string, Func<Figure>> All = new Dictionary<string, Func<Figure>>
    {
        ["line_log_axes"] = LineLogAxes,
        ["band"] = Band,
        ["scatter"] = Scatter,
        ["histogram"] = HistogramLogX,
        ["heatmap"] = Heatmap,
        ["bars"] = Bars,
        ["small_multiples"] = SmallMultiples,
        ["annotations"] = Annotations,
    };

    /// <summary>Loss curves on log-log axes; one diverges (NaN tail), one touches zero (dropped).</summary>
    public static Figure LineLogAxes()
    {
        var fig = new Figure("Training loss by learning rate");
        var ax = fig.AddPanel("step", "loss", xLog: true, yLog: true);
        var steps = Enumerable.Range(0, 41).Select(i => Math.Pow(10, i / 10.0)).ToArray();
        double[] rates = [1e-3, 1e-2, 1e-1];
        foreach (var (lr, k) in rates.Select((r, k) => (r, k)))
        {
            var loss = steps.Select(s => 2.3 * Math.Exp(-lr * s * 0.8) + 1e-3 * (k + 1)).ToArray();
            ax.Line(steps, loss, $"\u03B7 = {lr}", marker: k == 0 ? Marker.Circle : Marker.None, style: k == 2 ? LineStyle.Dashed : LineStyle.Solid);
        }
        var diverged = steps.Select(s => s < 300 ? 2.3 * Math.Pow(s, 0.3) : double.NaN).ToArray();
        diverged[5] = 0; // not showable on a log axis: the line breaks here
        ax.Line(steps, diverged, "\u03B7 = 1 (diverges)", style: LineStyle.Dotted);
        return fig;
    }

    /// <summary>Mean +- std over seeds for two initialisations, with a NaN gap in one.</summary>
    public static Figure Band()
    {
        var fig = new Figure("Test accuracy over 5 seeds");
        var ax = fig.AddPanel("epoch", "accuracy");
        var x = Enumerable.Range(0, 30).Select(i => (double)i).ToArray();
        var m1 = x.Select(e => 0.95 - 0.6 * Math.Exp(-e / 5)).ToArray();
        var s1 = x.Select(e => 0.08 * Math.Exp(-e / 10) + 0.01).ToArray();
        var m2 = x.Select(e => 0.88 - 0.7 * Math.Exp(-e / 9)).ToArray();
        var s2 = x.Select(e => 0.05 + 0.002 * e).ToArray();
        m2[12] = double.NaN;
        ax.BandStd(x, m1, s1, "Kaiming");
        ax.BandStd(x, m2, s2, "Xavier");
        ax.LegendPosition = LegendPosition.BottomRight;
        return fig;
    }

    /// <summary>Two point clouds.</summary>
    public static Figure Scatter()
    {
        var rng = new Lcg(7);
        var fig = new Figure("Sharpness vs generalisation gap");
        var ax = fig.AddPanel("top Hessian eigenvalue \u03BB_{max}", "test \u2212 train loss", xLog: true);
        var xa = Enumerable.Range(0, 60).Select(_ => Math.Pow(10, 0.5 + 0.6 * rng.Normal())).ToArray();
        ax.Scatter(xa, xa.Select(v => 0.02 * Math.Log10(v) + 0.01 * rng.Normal() + 0.05), "SGD, batch 32");
        var xb = Enumerable.Range(0, 60).Select(_ => Math.Pow(10, 1.6 + 0.5 * rng.Normal())).ToArray();
        ax.Scatter(xb, xb.Select(v => 0.03 * Math.Log10(v) + 0.012 * rng.Normal() + 0.06), "SGD, batch 1024", marker: Marker.Triangle);
        return fig;
    }

    /// <summary>Singular values of two weight matrices on a log x axis (log bins, zeros dropped).</summary>
    public static Figure HistogramLogX()
    {
        var rng = new Lcg(11);
        var fig = new Figure("Singular values of W_{3} at initialisation");
        var ax = fig.AddPanel("singular value \u03C3", "density", xLog: true);
        var gauss = Enumerable.Range(0, 400).Select(i => Math.Sqrt(4.0 * (i + 0.5) / 400) * Math.Sqrt(Math.Abs(rng.Normal()) + 0.01)).Append(0).ToArray();
        var ortho = Enumerable.Range(0, 400).Select(_ => 1 + 0.03 * rng.Normal()).ToArray();
        ax.Histogram(gauss, 30, "Gaussian", density: true);
        ax.Histogram(ortho, 8, "orthogonal", density: true);
        ax.VLine(1, "\u03C3 = 1");
        return fig;
    }

    /// <summary>Final loss over (learning rate, width) with a log colour scale and diverged cells.</summary>
    public static Figure Heatmap()
    {
        var fig = new Figure("Final loss (log colour) over the sweep");
        var ax = fig.AddPanel("learning rate", "width", xLog: true, yLog: true);
        double[] lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1];
        double[] widths = [16, 64, 256, 1024];
        var z = new double[widths.Length, lrs.Length];
        for (int i = 0; i < widths.Length; i++)
            for (int j = 0; j < lrs.Length; j++)
                z[i, j] = lrs[j] * Math.Sqrt(widths[i]) > 8 ? double.NaN : 0.5 / (1 + 300 * lrs[j]) + 0.02 * (4 - i);
        var hm = ax.Heatmap(lrs, widths, z, "loss", logColor: true);
        hm.ShowValues = true;
        hm.NanLabel = "diverged";
        return fig;
    }

    /// <summary>Grouped bars with error bars.</summary>
    public static Figure Bars()
    {
        var fig = new Figure("Accuracy by optimiser");
        var ax = fig.AddPanel(null, "test accuracy");
        var chart = ax.Bars(["MNIST", "Fashion-MNIST", "teacher-student"]);
        chart.Add([0.981, 0.892, 0.74], "SGD", [0.002, 0.006, 0.03]);
        chart.Add([0.984, 0.901, 0.78], "Adam", [0.001, 0.004, 0.02]);
        chart.Add([0.979, 0.887, 0.81], "Riemannian SGD", [0.003, 0.005, 0.025]);
        ax.YLim(0, 1.15);
        return fig;
    }

    /// <summary>2 x 2 small multiples with shared axes.</summary>
    public static Figure SmallMultiples()
    {
        var fig = Figure.Grid(2, 2, "Gradient norm by depth", shareX: true, shareY: true);
        int[] depths = [2, 8, 32, 128];
        var steps = Enumerable.Range(1, 50).Select(i => i * 20.0).ToArray();
        foreach (int d in depths)
        {
            var ax = fig.AddPanel("step", "\u2016\u2207L\u2016", yLog: true, title: $"depth {d}");
            ax.Line(steps, steps.Select(s => Math.Pow(0.9, d / 4.0) * (1 + 10 / Math.Sqrt(s))), "layer 1");
            ax.Line(steps, steps.Select(s => Math.Pow(1.05, d / 4.0) * (0.5 + 5 / Math.Sqrt(s))), "last layer", style: LineStyle.Dashed);
            ax.LegendPosition = d == 2 ? LegendPosition.Auto : LegendPosition.Hidden;
        }
        return fig;
    }

    /// <summary>Regimes around a critical value: shaded regions, reference lines, a text label, and
    /// accuracy on a second y axis.</summary>
    public static Figure Annotations()
    {
        var fig = new Figure("Signal propagation at depth 50");
        var ax = fig.AddPanel("weight variance \u03C3_{w}^{2}", "gradient norm ratio", yLog: true);
        var s = Enumerable.Range(0, 61).Select(i => 1.0 + i * 0.05).ToArray();
        ax.ShadeX(double.NegativeInfinity, 2, "vanishing", Palette.Series(5));
        ax.ShadeX(2, double.PositiveInfinity, "exploding", Palette.Series(3));
        ax.Line(s, s.Select(v => Math.Pow(v / 2, 50)), "measured", marker: Marker.Circle);
        ax.VLine(2, "\u03C3_{w}^{2} = 2 (critical)");
        ax.HLine(1, "ratio = 1");
        ax.Text(3, Math.Pow(1.5, 50), "1.5^{50}", dot: true);
        var acc = ax.TwinY("test accuracy");
        acc.Line(s, s.Select(v => 0.1 + 0.85 * Math.Exp(-Math.Pow((v - 2) / 0.5, 2))), "accuracy", style: LineStyle.DashDot);
        ax.LegendPosition = LegendPosition.BottomRight;
        return fig;
    }

    /// <summary>Tiny deterministic generator (64-bit LCG, Knuth's MMIX constants) with Box-Muller normals.</summary>
    private sealed class Lcg(ulong seed)
    {
        private ulong _state = seed;

        public double Uniform()
        {
            _state = _state * 6364136223846793005UL + 1442695040888963407UL;
            return ((_state >> 11) + 0.5) / (1UL << 53);
        }

        public double Normal() => Math.Sqrt(-2 * Math.Log(Uniform())) * Math.Cos(2 * Math.PI * Uniform());
    }
}
