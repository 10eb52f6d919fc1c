using Tdlab.Experiments.Common;
using Tdlab.Lab.Claims;
using static Tdlab.Experiments.LazyVsFeature.LazyVsFeatureMetrics;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>The seed's expected results, pre-registered as claims and decided per replicate; the kernel check apart.</summary>
public sealed partial class LazyVsFeatureExperiment
{
    /// <summary>The probe-batch NTK at initialisation by Jacobian contraction and by NTK-vector products agree to this (max relative difference).</summary>
    public const double NtkAgreementTolerance = 1e-10;

    /// <summary>Widths collapse when the spread at fixed alpha sqrt(m) is at most this fraction of the spread at fixed alpha.</summary>
    public const double CollapseRatio = 0.5;

    private static readonly SeedStatement KernelMoves = new("seed 002", "Acitve/Feature Versus Lazy Training (key observations in the (alpha, m) plane)",
        @"At  $t \sim t_c$ , the output grows by a factor of  $\sqrt{m}$  and the tangent kernel  $\|\Delta\Theta\|$  varies significantly:  $\|\Delta\Theta\| \sim (\alpha\sqrt{m})^{-a}, a < 2$");

    private static readonly SeedStatement HalfTime = new("seed 002", "Fluctuations of the Output, Training Dynamics",
        @"$t_{\mathcal{L}/2}$ : time when loss is reduced by half. Feature training regime:  $t_{\mathcal{L}/2} \sim \sqrt{m} \alpha \ (m=h)$");

    private static readonly SeedStatement Collapse = new("seed 002", "Feature Versus Lazy Training, Figure 3 (Geiger et al. 2020)",
        @"(d) Same data as in (c): after an arbitrary affine transformation ( $\alpha x + b$ ) of the test error, the curves collapse when plotted against  $\sqrt{h}\alpha$");

    public static readonly ClaimSpec NtkChangeExponent = new("ntk-change-exponent",
        "in the lazy regime the relative NTK change falls like (alpha sqrt(m))^(-a) with 0 < a < 2",
        KernelMoves,
        "a = minus the fitted log-log slope of the relative NTK change ||Theta(T) - Theta(0)||_F / ||Theta(0)||_F against alpha sqrt(m) " +
        "over the grid points of one replicate (all widths) with alpha sqrt(m) >= 1 (the Spearman correlation over the whole grid is in the detail)",
        Rule.Within(0, 2));

    public static readonly ClaimSpec THalfGrowsLikeScale = new("t-half-grows-like-alpha-sqrt-m",
        "in the feature regime (alpha sqrt(m) <= feature-regime-max) the time to halve the loss grows like alpha sqrt(m)",
        HalfTime,
        "fitted log-log exponent of t_L/2 against alpha sqrt(m) over the grid points of one replicate (all widths) with alpha sqrt(m) <= feature-regime-max",
        Rule.Within(0.7, 1.3));

    public static readonly ClaimSpec THalfFixedStep = new("t-half-fixed-step",
        "with one fixed gradient-descent step for every alpha sqrt(m), the time to halve the loss in the feature regime still grows like alpha sqrt(m)",
        HalfTime,
        "the same fitted exponent over the fixed-step control runs of one replicate (eta = step-size * scale-min at every alpha sqrt(m) <= feature-regime-max, " +
        "all widths), so that the step proportional to alpha sqrt(m) of the grid cannot produce the law",
        Rule.Within(0.7, 1.3));

    public static readonly ClaimSpec WidthsCollapse = new("widths-collapse",
        "test-error curves of different widths collapse against alpha sqrt(m)",
        Collapse,
        "ln of the mean spread (max - min over widths) of the test error at fixed alpha sqrt(m) over the mean spread at fixed alpha " +
        $"(each width's curve interpolated in ln alpha), one replicate; claimed ratio < {CollapseRatio}; the test error is not affinely rescaled per width " +
        "as Geiger et al. (2020, Fig. 3d) allow",
        Rule.Below(Math.Log(CollapseRatio)));

    private static readonly SeedStatement Fluctuations = new("seed 002", "Acitve/Feature Versus Lazy Training (key observations in the (alpha, m) plane)",
        @"The fluctuations of the output,  $\delta F$ , decay with width as (recall  $F(w,x):=\alpha(f(w,x)-f(w_0,x))$ )");

    public static readonly ClaimSpec OutputFluctuationsFall = new("output-fluctuations-width",
        "after training, the output fluctuations over initialisations fall with width like delta F ~ m^(-1/2) (Var F ~ 1/m)",
        Fluctuations,
        "fitted log-log slope of delta F = sqrt(mean over test points of Var over initialisations of F(x)) against the width m over the output-fluctuation " +
        "runs of one replicate (fluctuation-inits nets per width, same data, alpha sqrt(m) = fluctuation-scale); claimed in [-0.75, -0.25] around -1/2",
        Rule.Within(-0.75, -0.25));

    public static readonly ClaimSpec WidthsCollapseAffine = new("widths-collapse-affine",
        "after an affine map of each width's test error (a e + b, fitted onto the widest width's curve) the curves of different widths collapse against alpha sqrt(m)",
        Collapse,
        "ln of the mean spread (max - min over widths) of the affinely mapped test error at 9 points of the common range of alpha sqrt(m) over the same " +
        $"statistic against alpha (the map fitted separately in each coordinate by least squares at those points), one replicate; claimed ratio < {CollapseRatio}",
        Rule.Below(Math.Log(CollapseRatio)));

    public override IEnumerable<Claim> Claims(Results<LazyVsFeatureRun> results)
    {
        var points = Points(results.Done);
        if (points.Count == 0)
        {
            foreach (var spec in new[] { NtkChangeExponent, THalfGrowsLikeScale, THalfFixedStep, WidthsCollapse, WidthsCollapseAffine, OutputFluctuationsFall, LazyEndReachesFrozenNtk })
                yield return results.NotMeasured(spec, "the (width, alpha sqrt(m)) grid has no finished runs");
            yield break;
        }

        int diverged = results.Done.Count(r => r.Diverged);
        double featureMax = results.Done.First().Config.FeatureRegimeMax;

        // (1) lazy regime: relative NTK change ~ (alpha sqrt(m))^(-a), a fitted per replicate over alpha sqrt(m) >= 1.
        var change = points.Where(p => double.IsFinite(p.NtkChange.Mean)).ToList();
        var exponentsA = results.PerReplicate(runs => NtkChangeExponentOf(Points(runs)));
        var rhos = results.PerReplicate(runs => NtkChangeCorrelation(Points(runs)));
        yield return results.Claim(NtkChangeExponent, Estimate.Mean(exponentsA),
            $"a per replicate: {string.Join(", ", exponentsA.Select(Claim.Format))}; Spearman rho of the NTK change with alpha sqrt(m) over the whole grid, per replicate: " +
            $"{string.Join(", ", rhos.Select(Claim.Format))}; {diverged} diverged runs; seed means: " + string.Join("; ", change.GroupBy(p => p.Width).Select(g =>
                $"m={g.Key}: " + string.Join(", ", g.Select(p => $"{Claim.Format(p.Scale)}->{Claim.Format(p.NtkChange.Mean)}")))));

        // (2) feature regime: t_{L/2} ~ (alpha sqrt(m))^p with p in 0.7..1.3.
        var exponents = results.PerReplicate(runs => THalfExponent(Points(runs), featureMax));
        yield return results.Claim(THalfGrowsLikeScale, Estimate.Mean(exponents),
            $"alpha sqrt(m) <= {Claim.Format(featureMax)}; exponent per replicate: {string.Join(", ", exponents.Select(Claim.Format))}; seed-mean t_L/2: " +
            string.Join("; ", points.GroupBy(p => p.Width).Select(g =>
                $"m={g.Key}: " + string.Join(", ", g.Select(p => $"{Claim.Format(p.Scale)}->{Claim.Format(p.THalf.Mean)}")))));

        // (2b) the same law with one fixed step at every alpha sqrt(m) (control runs).
        var controls = Points(results.Done, control: true);
        if (controls.Count == 0)
            yield return results.NotMeasured(THalfFixedStep, "no fixed-step control runs (fixed-step-control=false)");
        else
        {
            var fixedExponents = results.PerReplicate(runs => THalfExponent(Points(runs, control: true), featureMax));
            yield return results.Claim(THalfFixedStep, Estimate.Mean(fixedExponents),
                $"eta = {Claim.Format(results.Done.First(r => r.Config.IsControl).Config.FixedStep)}; exponent per replicate: {string.Join(", ", fixedExponents.Select(Claim.Format))}; " +
                "seed-mean t_L/2 (control vs grid): " + string.Join("; ", controls.GroupBy(p => p.Width).Select(g => $"m={g.Key}: " + string.Join(", ", g.Select(p =>
                    $"{Claim.Format(p.Scale)}->{Claim.Format(p.THalf.Mean)} vs {Claim.Format(points.FirstOrDefault(q => q.Width == p.Width && q.Scale == p.Scale)?.THalf.Mean ?? double.NaN)}")))));
        }

        // (3) collapse: spread across widths at fixed alpha sqrt(m) vs at fixed alpha, per replicate.
        var logRatios = results.PerReplicate(runs => CollapseLogRatio(Points(runs)));
        var (spreadScale, spreadAlpha) = CollapseSpreads(points, p => p.TestError.Mean, log: false);
        var (ntkScale, ntkAlpha) = CollapseSpreads(points, p => p.NtkChange.Mean, log: true);
        yield return results.Claim(WidthsCollapse, Estimate.Mean(logRatios),
            $"ratio per replicate: {string.Join(", ", logRatios.Select(v => Claim.Format(Math.Exp(v))))}; " +
            $"seed-mean test-error spread {Claim.Format(spreadScale)} at fixed alpha sqrt(m) vs {Claim.Format(spreadAlpha)} at fixed alpha; " +
            $"noise: standard error of a point's mean test error {Claim.Format(StandardError(points))} (seeds) and " +
            $"{Claim.Format(Math.Sqrt(0.25 / results.Done.First().Config.TestSize))} at most (test-set sampling of one run); " +
            $"width shift of the plateaus (test error at the smallest / largest alpha sqrt(m), by width): " +
            string.Join(", ", points.GroupBy(p => p.Width).Select(g => $"m={g.Key}: {Claim.Format(g.First().TestError.Mean)} / {Claim.Format(g.Last().TestError.Mean)}")) + "; " +
            $"log10 NTK-change spread {Claim.Format(ntkScale)} vs {Claim.Format(ntkAlpha)}; test error by width: " +
            string.Join("; ", points.GroupBy(p => p.Width).Select(g => $"m={g.Key}: " + string.Join(", ", g.Select(p => Claim.Format(p.TestError.Mean))))));

        // (3b) collapse after an affine map of each width's test error (Geiger et al. 2020, Fig. 3d)
        var affine = results.PerReplicate(runs => AffineCollapseLogRatio(Points(runs)));
        yield return results.Claim(WidthsCollapseAffine, Estimate.Mean(affine),
            $"ratio per replicate: {string.Join(", ", affine.Select(v => Claim.Format(Math.Exp(v))))}; seed-mean curves: spread after the map " +
            $"{Claim.Format(AffineCollapseSpread(points, scale: true))} against alpha sqrt(m) vs {Claim.Format(AffineCollapseSpread(points, scale: false))} against alpha");

        // (4) output fluctuations against width
        var fluctuationRuns = results.Done.Where(r => r.Config.IsFluctuation).ToList();
        if (fluctuationRuns.Count == 0)
            yield return results.NotMeasured(OutputFluctuationsFall, "no output-fluctuation runs (fluctuation-inits = 0)");
        else
        {
            var slopes = results.PerReplicate(runs => FluctuationSlope(runs.Where(r => r.Config.IsFluctuation && !r.Diverged)
                .Select(r => ((double)r.Config.Width, r.Final(OutputFluctuation)))));
            var c0 = fluctuationRuns[0].Config;
            yield return results.Claim(OutputFluctuationsFall, Estimate.Mean(slopes),
                $"{c0.Inits} initialisations per width at alpha sqrt(m) = {Claim.Format(c0.Scale)}; slope per replicate: {string.Join(", ", slopes.Select(Claim.Format))}; " +
                "seed-mean delta F (test error) by width: " + string.Join(", ", fluctuationRuns.GroupBy(r => r.Config.Width).OrderBy(g => g.Key).Select(g =>
                    $"m={g.Key}: {Claim.Format(g.Average(r => r.Final(OutputFluctuation)))} ({Claim.Format(g.Average(r => r.Final(TestError)))})")));
        }

        // (5) the lazy end of the grid against the frozen-NTK predictor (Geiger et al. 2020, Fig. 3b)
        yield return FrozenNtkClaim(results, points);
    }

    /// <summary>(5) the lazy end of the grid against the frozen-NTK predictor, per width: one estimate over replicates each.</summary>
    private static Claim FrozenNtkClaim(Results<LazyVsFeatureRun> results, List<GridPoint> points)
    {
        var frozen = results.Done.Where(r => r.Config.FrozenNtk).ToList();
        if (frozen.Count == 0)
            return results.NotMeasured(LazyEndReachesFrozenNtk, "no frozen-NTK runs (frozen-ntk-baseline=false)");
        var perReplicate = results.ByReplicate.Select(g => FrozenNtkGaps(g.ToList())).ToList();
        var widths = frozen.Select(r => r.Config.Width).Distinct().Order().ToList();
        var components = widths.Select(m => ($"m = {m}", Estimate.Mean(perReplicate.Select(gaps =>
            gaps.Where(q => q.Width == m).Select(q => q.Gap).DefaultIfEmpty(double.NaN).First())))).ToList();
        var frozenMean = frozen.GroupBy(r => r.Config.Width).ToDictionary(g => g.Key, g => g.Average(r => r.Diverged ? double.NaN : r.Final(TestError)));
        return results.ClaimAll(LazyEndReachesFrozenNtk, components,
            "gap per replicate: " + string.Join("; ", widths.Select(m => $"m={m}: " + string.Join(", ", perReplicate.Select(gaps =>
                Claim.Format(gaps.Where(q => q.Width == m).Select(q => q.Gap).DefaultIfEmpty(double.NaN).First()))))) +
            "; seed-mean frozen-NTK test error: " + string.Join(", ", widths.Select(m => $"m={m}: {Claim.Format(frozenMean[m])}")) +
            "; seed-mean |test error - frozen-NTK test error| against alpha sqrt(m): " + string.Join("; ", points.GroupBy(p => p.Width).Where(g => frozenMean.ContainsKey(g.Key))
                .Select(g => $"m={g.Key}: " + string.Join(", ", g.Select(p => $"{Claim.Format(p.Scale)}->{Claim.Format(Math.Abs(p.TestError.Mean - frozenMean[g.Key]))}")))));
    }

    /// <summary>Log-log slope of delta F against the width over (width, delta F) pairs; NaN with fewer than two widths.</summary>
    public static double FluctuationSlope(IEnumerable<(double Width, double DeltaF)> points) =>
        PowerLawFit.Fit(points.Where(p => double.IsFinite(p.DeltaF))).Exponent;

    public override IEnumerable<Check> Checks(Results<LazyVsFeatureRun> results)
    {
        var agreement = results.Done.Where(r => !r.Config.IsFluctuation && !r.Config.FrozenNtk).Select(r => r.Initial(NtkAgreement)).ToList();
        if (agreement.Count == 0) yield break;

        // every grid run trains to the stop criterion (not to the step cap); every control run measures t_L/2
        var grid = results.Done.Where(r => !r.Config.IsControl && !r.Config.IsFluctuation && !r.Config.FrozenNtk).ToList();
        var fluctuation = results.Done.Where(r => r.Config.IsFluctuation).ToList();
        var fluctuationShort = fluctuation.Where(r => r.Diverged || !(r.Final(FluctuationLossRatio) <= r.Config.StopRatio)).ToList();
        var short_ = grid.Where(r => r.Diverged || !(r.Final(LazyVsFeatureMetrics.Loss) <= r.Config.StopRatio * r.Initial(LazyVsFeatureMetrics.Loss))).ToList();
        var noHalf = results.Done.Where(r => r.Config.IsControl && (r.Diverged || !double.IsFinite(r.Final(THalf)))).ToList();
        double worst = grid.Count == 0 ? double.NaN : grid.Max(r => r.Diverged ? double.PositiveInfinity : r.Final(LazyVsFeatureMetrics.Loss) / r.Initial(LazyVsFeatureMetrics.Loss));
        var ratio = grid.Count > 0 ? grid[0].Config.StopRatio : double.NaN;
        yield return results.Check("runs-reach-stop",
            "every grid run (and every initialisation of an output-fluctuation run) ends with its loss at most stop-ratio times its initial loss (not at the step cap), " +
            "and every fixed-step control run measures t_L/2 " +
            "(worst final / initial loss over the grid runs)",
            worst, $"<= {Claim.Format(ratio)}", short_.Count == 0 && noHalf.Count == 0 && fluctuationShort.Count == 0,
            $"{grid.Count} grid runs, {short_.Count} stopped short" + (short_.Count == 0 ? "" : " (" + string.Join(", ", short_.Take(8).Select(r =>
                $"m={r.Config.Width}, alpha sqrt(m)={Claim.Format(r.Config.Scale)}")) + ")") + $"; {results.Done.Count(r => r.Config.IsControl)} control runs, {noHalf.Count} without t_L/2; " +
            $"{fluctuation.Count} output-fluctuation runs, {fluctuationShort.Count} with an initialisation above stop-ratio");

        double worstNtk = agreement.All(double.IsFinite) ? agreement.Max() : double.NaN;
        yield return results.Check("ntk-methods-agree",
            "the probe-batch NTK at initialisation by Jacobian contraction and by NTK-vector products agree (max relative difference, worst run)",
            worstNtk, $"<= {Claim.Format(NtkAgreementTolerance)}", worstNtk <= NtkAgreementTolerance, $"{agreement.Count} runs");

        var frozen = results.Done.Where(r => r.Config.FrozenNtk).ToList();
        if (frozen.Count > 0) yield return FrozenNtkCheck(results, frozen);
    }

    /// <summary>
    /// The frozen-NTK runs' kernel: symmetric PSD (lambda_min / lambda_max &gt;= -tolerance, asymmetry before symmetrising &lt;= tolerance),
    /// the two kernel computations agree (probe block vs NTK-vector products; J (J^T c) by JVP vs Theta c), and the function-space
    /// descent reaches the stop criterion.
    /// </summary>
    private static Check FrozenNtkCheck(Results<LazyVsFeatureRun> results, List<RunView<LazyVsFeatureRun>> frozen)
    {
        double Worst(IEnumerable<double> values) => values.Select(v => double.IsNaN(v) ? double.PositiveInfinity : v).Max();
        double agreement = Worst(frozen.Select(r => r.Initial(FrozenNtkAgreement)));
        double asymmetry = Worst(frozen.Select(r => r.Initial(FrozenNtkAsymmetry)));
        double minEigen = frozen.Select(r => r.Initial(FrozenNtkMinEigenvalue)).Select(v => double.IsNaN(v) ? double.NegativeInfinity : v).Min();
        var short_ = frozen.Where(r => r.Diverged || !(r.Final(LazyVsFeatureMetrics.Loss) <= r.Config.StopRatio * r.Initial(LazyVsFeatureMetrics.Loss))).ToList();
        bool passes = agreement <= FrozenNtkCheckTolerance && asymmetry <= FrozenNtkCheckTolerance && minEigen >= -FrozenNtkCheckTolerance && short_.Count == 0;
        return results.Check("frozen-ntk-kernel",
            "the frozen-NTK runs' training-set kernel Theta_0 is symmetric PSD, agrees with the probe-batch kernel by NTK-vector products and with the " +
            "Jacobian-vector products that give the test predictions, and its function-space descent reaches stop-ratio (worst relative disagreement)",
            agreement, $"<= {Claim.Format(FrozenNtkCheckTolerance)}", passes,
            $"{frozen.Count} runs; worst asymmetry {Claim.Format(asymmetry)}; smallest lambda_min / lambda_max {Claim.Format(minEigen)} (>= -{Claim.Format(FrozenNtkCheckTolerance)}); " +
            $"{short_.Count} stopped above stop-ratio");
    }

    /// <summary>Spearman rank correlation of the relative NTK change with alpha sqrt(m) over the finite points of a grid.</summary>
    public static double NtkChangeCorrelation(IReadOnlyList<GridPoint> points)
    {
        var change = points.Where(p => double.IsFinite(p.NtkChange.Mean)).ToList();
        return Spearman(change.Select(p => p.Scale).ToArray(), change.Select(p => p.NtkChange.Mean).ToArray());
    }

    /// <summary>Minus the log-log slope of the relative NTK change against alpha sqrt(m) over the finite points with alpha sqrt(m) &gt;= 1; NaN with fewer than two scales.</summary>
    public static double NtkChangeExponentOf(IReadOnlyList<GridPoint> points)
    {
        var lazy = points.Where(p => p.Scale >= 1 && double.IsFinite(p.NtkChange.Mean) && p.NtkChange.Mean > 0).ToList();
        return lazy.Select(p => p.Scale).Distinct().Count() >= 2 ? -PowerLawFit.Fit(lazy.Select(p => (p.Scale, p.NtkChange.Mean))).Exponent : double.NaN;
    }

    /// <summary>Log-log exponent of t_L/2 against alpha sqrt(m) over the points at or below <paramref name="featureMax"/>; NaN with fewer than two scales.</summary>
    public static double THalfExponent(IReadOnlyList<GridPoint> points, double featureMax)
    {
        var feature = FeaturePoints(points, featureMax);
        return feature.Select(p => p.Scale).Distinct().Count() >= 2
            ? PowerLawFit.Fit(feature.Select(p => (p.Scale, p.THalf.Mean))).Exponent
            : double.NaN;
    }

    /// <summary>The points of the feature regime (alpha sqrt(m) &lt;= <paramref name="featureMax"/>) with a measured t_L/2.</summary>
    private static List<GridPoint> FeaturePoints(IEnumerable<GridPoint> points, double featureMax) =>
        points.Where(p => p.Scale <= featureMax && p.THalf.Mean > 0).ToList();

    /// <summary>ln(spread of the test error over widths at fixed alpha sqrt(m) / spread at fixed alpha) of a grid.</summary>
    public static double CollapseLogRatio(IReadOnlyList<GridPoint> points)
    {
        var (atScale, atAlpha) = CollapseSpreads(points, p => p.TestError.Mean, log: false);
        return Math.Log(atScale / atAlpha);
    }

    /// <summary>ln(affine-collapse spread against alpha sqrt(m) / the same against alpha) of a grid's test error.</summary>
    public static double AffineCollapseLogRatio(IReadOnlyList<GridPoint> points) =>
        Math.Log(AffineCollapseSpread(points, scale: true) / AffineCollapseSpread(points, scale: false));

    /// <summary>
    /// Each width's test-error curve against u = ln(alpha sqrt(m)) (<paramref name="scale"/>) or u = ln alpha, interpolated
    /// at 9 points of the u range every width covers; every curve but the widest width's mapped by the least-squares
    /// a e + b onto the widest width's values there; the mean over the 9 points of (max - min over widths). NaN with
    /// fewer than two curves or no common range.
    /// </summary>
    public static double AffineCollapseSpread(IReadOnlyList<GridPoint> points, bool scale)
    {
        double U(GridPoint p) => scale ? Math.Log(p.Scale) : Math.Log(p.Scale / Math.Sqrt(p.Width));
        var curves = points.Where(p => double.IsFinite(p.TestError.Mean)).GroupBy(p => p.Width).Where(g => g.Count() >= 2).OrderBy(g => g.Key)
            .Select(g => g.Select(p => (X: U(p), Y: p.TestError.Mean)).OrderBy(q => q.X).ToArray()).ToList();
        if (curves.Count < 2) return double.NaN;
        double lo = curves.Max(c => c[0].X), hi = curves.Min(c => c[^1].X);
        if (!(hi > lo)) return double.NaN;
        var us = Enumerable.Range(0, 9).Select(k => lo + (hi - lo) * k / 8).ToArray();
        var reference = us.Select(u => Interpolate(curves[^1], u)).ToArray();
        var mapped = curves.Select((c, i) =>
        {
            var e = us.Select(u => Interpolate(c, u)).ToArray();
            if (i == curves.Count - 1) return e;
            var (slope, intercept, _) = PowerLawFit.Line(e.Zip(reference));
            return double.IsFinite(slope) ? e.Select(v => slope * v + intercept).ToArray() : Enumerable.Repeat(reference.Average(), e.Length).ToArray();
        }).ToList();
        return Enumerable.Range(0, us.Length).Average(k => mapped.Max(c => c[k]) - mapped.Min(c => c[k]));
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
    public static double StandardError(IReadOnlyList<GridPoint> points)
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
    public static double Spearman(double[] a, double[] b) => RankCorrelation.Spearman(a, b);

    /// <summary>Aggregates over the given runs (all seeds, or one replicate) of each (width, alpha sqrt(m)); diverged runs count as NaN.</summary>
    internal static List<GridPoint> Points(IEnumerable<RunView<LazyVsFeatureRun>> runs, bool control = false) =>
        runs.Where(r => r.Config.IsControl == control && !r.Config.IsFluctuation && !r.Config.FrozenNtk).GroupBy(r => (r.Config.Width, r.Config.Scale)).OrderBy(g => g.Key.Width).ThenBy(g => g.Key.Scale)
            .Select(g => new GridPoint(g.Key.Width, g.Key.Scale,
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final(TestError))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final(NtkChange))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final(THalf))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final(NtkMinEigenvalue)))))
            .ToList();

    /// <summary>One (width, alpha sqrt(m)) point over seeds.</summary>
    public sealed record GridPoint(int Width, double Scale, MeanStd TestError, MeanStd NtkChange, MeanStd THalf, MeanStd NtkMinEigenvalue);
}
