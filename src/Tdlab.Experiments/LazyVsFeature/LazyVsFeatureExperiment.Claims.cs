using Tdlab.Experiments.Common;
using Tdlab.Lab.Claims;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>The seed's expected results, measured from the stored runs.</summary>
public sealed partial class LazyVsFeatureExperiment
{
    public override IEnumerable<Claim> Claims(Results<LazyVsFeatureRun> results)
    {
        var points = Points(results);
        if (points.Count == 0)
        {
            yield return results.Check("no-runs", "the (width, alpha sqrt(m)) grid has finished runs", double.NaN, "> 0 runs", false);
            yield break;
        }

        int diverged = results.Done.Count(r => r.Diverged);
        double agreement = results.Done.Max(r => r.Initial("ntk_agreement"));

        // (1) relative NTK change falls as alpha sqrt(m) grows: rank correlation over all (width, scale) points.
        var change = points.Where(p => double.IsFinite(p.NtkChange.Mean)).ToList();
        double rho = Spearman(change.Select(p => p.Scale).ToArray(), change.Select(p => p.NtkChange.Mean).ToArray());
        var lazySlope = PowerLawFit.Fit(change.Where(p => p.Scale >= 1).Select(p => (p.Scale, p.NtkChange.Mean))).Exponent;
        yield return results.AtMost("ntk-change-falls",
            "the relative NTK change ||Theta(T) - Theta(0)||_F / ||Theta(0)||_F falls as alpha sqrt(m) grows: Spearman rank correlation over the grid",
            rho, -0.8,
            $"log-log slope for alpha sqrt(m) >= 1: {Claim.Format(lazySlope)}; Jacobian vs NTK-vector-product kernels agree to {Claim.Format(agreement)} (max relative); " +
            $"{diverged} diverged runs; " + string.Join("; ", change.GroupBy(p => p.Width).Select(g =>
                $"m={g.Key}: " + string.Join(", ", g.Select(p => $"{Claim.Format(p.Scale)}->{Claim.Format(p.NtkChange.Mean)}")))));

        // (2) feature regime: t_{L/2} ~ (alpha sqrt(m))^p with p in 0.7..1.3.
        double featureMax = results.Done.First().Config.FeatureRegimeMax;
        var feature = points.Where(p => p.Scale <= featureMax && p.THalf.Mean > 0).ToList();
        var fit = PowerLawFit.Fit(feature.Select(p => (p.Scale, p.THalf.Mean)));
        yield return results.Between("t-half-grows-like-alpha-sqrt-m",
            $"in the feature regime (alpha sqrt(m) <= {Claim.Format(featureMax)}) the time to halve the loss grows like alpha sqrt(m): fitted exponent of t_L/2 vs alpha sqrt(m)",
            feature.Select(p => p.Scale).Distinct().Count() >= 2 ? fit.Exponent : double.NaN, 0.7, 1.3,
            $"{feature.Count} points; " + string.Join("; ", points.GroupBy(p => p.Width).Select(g =>
                $"m={g.Key}: t_L/2 " + string.Join(", ", g.Select(p => $"{Claim.Format(p.Scale)}->{Claim.Format(p.THalf.Mean)}")))));

        // (3) collapse: spread across widths at fixed alpha sqrt(m) vs at fixed alpha.
        var (spreadScale, spreadAlpha) = CollapseSpreads(points, p => p.TestError.Mean, log: false);
        var (ntkScale, ntkAlpha) = CollapseSpreads(points, p => p.NtkChange.Mean, log: true);
        yield return results.AtMost("widths-collapse",
            "test-error curves of different widths collapse against alpha sqrt(m): mean spread (max - min over widths) at fixed alpha sqrt(m) divided by the spread at fixed alpha",
            spreadScale / spreadAlpha, 0.5,
            $"test-error spread {Claim.Format(spreadScale)} at fixed alpha sqrt(m) vs {Claim.Format(spreadAlpha)} at fixed alpha; " +
            $"noise: standard error of a point's mean test error {Claim.Format(StandardError(points))} (seeds) and " +
            $"{Claim.Format(Math.Sqrt(0.25 / results.Done.First().Config.TestSize))} at most (test-set sampling of one run); " +
            $"width shift of the plateaus (test error at the smallest / largest alpha sqrt(m), by width): " +
            string.Join(", ", points.GroupBy(p => p.Width).Select(g => $"m={g.Key}: {Claim.Format(g.First().TestError.Mean)} / {Claim.Format(g.Last().TestError.Mean)}")) + "; " +
            $"log10 NTK-change spread {Claim.Format(ntkScale)} vs {Claim.Format(ntkAlpha)}; test error by width: " +
            string.Join("; ", points.GroupBy(p => p.Width).Select(g => $"m={g.Key}: " + string.Join(", ", g.Select(p => Claim.Format(p.TestError.Mean))))));
    }

    /// <summary>
    /// Mean over x of (max - min over widths) of a per-point value, once with x = alpha sqrt(m) (the grid itself) and once
    /// with x = alpha (each width's curve interpolated linearly in log alpha at 9 points of the alpha range all widths cover).
    /// </summary>
    public static (double AtScale, double AtAlpha) CollapseSpreads(IReadOnlyList<GridPoint> points, Func<GridPoint, double> value, bool log)
    {
        double V(GridPoint p) => log ? Math.Log10(value(p)) : value(p);
        var curves = points.Where(p => double.IsFinite(V(p))).GroupBy(p => p.Width).Where(g => g.Count() >= 2).ToList();
        if (curves.Count < 2) return (double.NaN, double.NaN);
        double atScale = curves.SelectMany(g => g).GroupBy(p => p.Scale).Where(g => g.Count() >= 2)
            .Select(g => g.Max(V) - g.Min(V)).DefaultIfEmpty(double.NaN).Average();
        var logAlpha = curves.Select(g => g.Select(p => Math.Log(p.Scale / Math.Sqrt(p.Width))).OrderBy(a => a).ToArray()).ToList();
        double lo = logAlpha.Max(a => a[0]), hi = logAlpha.Min(a => a[^1]);
        if (!(hi > lo)) return (atScale, double.NaN);
        var spreads = Enumerable.Range(0, 9).Select(k => lo + (hi - lo) * k / 8).Select(la =>
        {
            var vs = curves.Select(g => Interpolate(g.Select(p => (Math.Log(p.Scale / Math.Sqrt(p.Width)), V(p))).OrderBy(q => q.Item1).ToArray(), la)).ToArray();
            return vs.Max() - vs.Min();
        });
        return (atScale, spreads.Average());
    }

    /// <summary>Root-mean-square over grid points of the standard error of the mean over seeds, std / sqrt(n); NaN with one seed.</summary>
    internal static double StandardError(IReadOnlyList<GridPoint> points)
    {
        var se = points.Where(p => p.TestError.Count >= 2).Select(p => p.TestError.Std / Math.Sqrt(p.TestError.Count)).ToList();
        return se.Count == 0 ? double.NaN : Math.Sqrt(se.Average(v => v * v));
    }

    private static double Interpolate((double X, double Y)[] curve, double x)
    {
        for (int i = 1; i < curve.Length; i++)
            if (x <= curve[i].X)
                return curve[i - 1].Y + (curve[i].Y - curve[i - 1].Y) * (x - curve[i - 1].X) / (curve[i].X - curve[i - 1].X);
        return curve[^1].Y;
    }

    /// <summary>Spearman's rank correlation (ties get their mean rank).</summary>
    public static double Spearman(double[] a, double[] b)
    {
        if (a.Length < 3) return double.NaN;
        var ra = Ranks(a);
        var rb = Ranks(b);
        double ma = ra.Average(), mb = rb.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    private static double[] Ranks(double[] v)
    {
        var order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            for (int k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }

        return ranks;
    }

    /// <summary>Aggregates over seeds of each (width, alpha sqrt(m)); diverged runs count as NaN.</summary>
    internal static List<GridPoint> Points(Results<LazyVsFeatureRun> results) =>
        results.Done.GroupBy(r => (r.Config.Width, r.Config.Scale)).OrderBy(g => g.Key.Width).ThenBy(g => g.Key.Scale)
            .Select(g => new GridPoint(g.Key.Width, g.Key.Scale,
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final("test_error"))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final("ntk_change"))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final("t_half"))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final("ntk_min_eigenvalue")))))
            .ToList();

    /// <summary>One (width, alpha sqrt(m)) point over seeds.</summary>
    public sealed record GridPoint(int Width, double Scale, MeanStd TestError, MeanStd NtkChange, MeanStd THalf, MeanStd NtkMinEigenvalue);
}
