using Tdlab.Lab.Claims;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using static Tdlab.Experiments.InitVariance.InitVarianceMetrics;

namespace Tdlab.Experiments.InitVariance;

/// <summary>The family's figures, drawn from the stored runs.</summary>
public sealed partial class InitVarianceExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<InitVarianceRun> results)
    {
        var sweep = SweepPoints(results);
        if (sweep.Count == 0) yield break;
        var any = results.Done.First().Config;
        double critical = Math.Sqrt(2.0 / any.Width);
        double chance = ChanceOf(results);

        yield return SweepFigure(sweep, critical, chance);
        yield return LossCurves(results, sweep);
        yield return SchemeCurves(results);
        yield return LayerProfiles(results, any.Depth);
    }

    /// <summary>Final accuracy and loss vs sigma with the critical scale and the failing bands shaded from the data.</summary>
    private static ReportFigure SweepFigure(List<SweepPoint> sweep, double critical, double chance)
    {
        var fig = Figure.Grid(1, 2, "Final test accuracy and training loss vs initial weight scale σ (mean ± std over seeds)", 1100, 420);
        var xs = sweep.Select(p => p.Sigma).ToArray();
        var acc = fig.AddPanel("σ", "final test accuracy", xLog: true);
        var loss = fig.AddPanel("σ", "final training loss", xLog: true, yLog: true);
        foreach (var ax in new[] { acc, loss })
        {
            // Vanishing: sigmas below the critical one whose loss barely moved; exploding: above it, failed.
            var vanishing = sweep.Where(p => p.Sigma < critical && p.RelativeLossChange.Mean < 0.01).Select(p => p.Sigma).ToList();
            var exploding = sweep.Where(p => p.Sigma > critical && p.FailedFraction >= 0.5).Select(p => p.Sigma).ToList();
            if (vanishing.Count > 0) ax.ShadeX(double.NegativeInfinity, Geo(vanishing.Max(), Next(sweep, vanishing.Max())), "vanishing (loss barely moves)", Color.Parse("#56B4E9"));
            if (exploding.Count > 0) ax.ShadeX(Geo(Prev(sweep, exploding.Min()), exploding.Min()), double.PositiveInfinity, "exploding (diverged or stalled)", Color.Parse("#E69F00"));
            ax.VLine(critical, "σ = √(2/fan_in)");
        }

        acc.BandStd(xs, sweep.Select(p => p.TestAccuracy.Mean), sweep.Select(p => p.TestAccuracy.Std), "N(0, σ²)");
        acc.HLine(chance, "chance");
        var diverged = sweep.Where(p => p.Diverged == p.Runs).Select(p => p.Sigma).ToList();
        if (diverged.Count > 0)
            acc.Scatter(diverged, diverged.Select(_ => chance), "diverged (every seed)", Color.Parse("#D55E00"), Marker.Cross, 5);
        foreach (var ax in new[] { acc, loss }) ax.XLim(xs[0] / 1.6, xs[^1] * 1.6);
        loss.BandStd(xs, sweep.Select(p => p.FinalLoss.Mean), sweep.Select(p => p.FinalLoss.Std), "N(0, σ²)");
        return new ReportFigure("sweep.svg",
            "Final test accuracy and training loss against σ. Diverged runs are left out of the means; shaded bands are read from the data: " +
            "blue where the loss moved by less than 1%, orange where at least half the runs diverged or stalled near chance.", fig.ToSvg());
    }

    /// <summary>Training-loss curves of five sigmas spread over the sweep (replicate 0).</summary>
    private static ReportFigure LossCurves(Results<InitVarianceRun> results, List<SweepPoint> sweep)
    {
        var fig = new Figure("Training loss by epoch for five σ (replicate 0)");
        var ax = fig.AddPanel("epoch", "training loss", yLog: true);
        var picks = Enumerable.Range(0, 5).Select(i => sweep[(int)Math.Round(i * (sweep.Count - 1) / 4.0)].Sigma).Distinct();
        foreach (double sigma in picks)
        {
            var run = results.Done.FirstOrDefault(r => r.Config.IsSweep && r.Config.Sigma == sigma && r.Replicate == 0);
            if (run is null) continue;
            var s = run.Series(Loss);
            ax.Line(s.Select(p => (double)p.Step), s.Select(p => p.Value), $"σ = {Claim.Format(sigma)}{(run.Diverged ? " (diverged)" : "")}", marker: Marker.Circle);
        }

        return new ReportFigure("loss_curves.svg", "Training loss per epoch for five σ across the sweep; a diverged run's curve stops where it diverged.", fig.ToSvg());
    }

    /// <summary>Xavier vs Kaiming loss curves, mean ± std over seeds.</summary>
    private static ReportFigure SchemeCurves(Results<InitVarianceRun> results)
    {
        var fig = new Figure("Xavier vs Kaiming (fan_in) under identical architecture, optimiser, data and seeds");
        var ax = fig.AddPanel("epoch", "training loss", yLog: true);
        foreach (var scheme in new[] { Scheme.Xavier, Scheme.Kaiming })
        {
            var runs = results.Done.Where(r => r.Config.Scheme == scheme).ToList();
            if (runs.Count == 0) continue;
            int epochs = runs[0].Config.Epochs;
            var steps = Enumerable.Range(0, epochs + 1).ToArray();
            var stats = steps.Select(e => MeanStd.Of(runs.Select(r => r.At(Loss, e)))).ToArray();
            ax.BandStd(steps.Select(e => (double)e), stats.Select(m => m.Mean), stats.Select(m => m.Std), EnumNames.Of(scheme));
        }

        return new ReportFigure("xavier_vs_kaiming.svg", "Training loss of Xavier-normal and Kaiming-normal initialisation, mean ± std over seeds.", fig.ToSvg());
    }

    /// <summary>Per-layer activation second moment and weight-gradient norm at initialisation, per scheme.</summary>
    private static ReportFigure LayerProfiles(Results<InitVarianceRun> results, int depth)
    {
        var fig = Figure.Grid(1, 2, "Signal and gradient through depth at initialisation (replicate means)", 1100, 420);
        var act = fig.AddPanel("hidden layer l", "E[F_{l}^{2}]", yLog: true);
        var grad = fig.AddPanel("layer l", "‖∂L/∂W_{l}‖", yLog: true);
        var sweep = SweepPoints(results);
        double critical = Math.Sqrt(2.0 / results.Done.First().Config.Width);
        var near = sweep.Count > 0 ? sweep.MinBy(p => Math.Abs(Math.Log(p.Sigma / critical)))!.Sigma : double.NaN;
        var groups = new (string Label, Func<InitVarianceRun, bool> Where)[]
        {
            ("xavier", r => r.Scheme == Scheme.Xavier),
            ("kaiming", r => r.Scheme == Scheme.Kaiming),
            ($"N(0, σ²), σ = {Claim.Format(near)}", r => r.IsSweep && r.Sigma == near),
        };
        foreach (var (label, where) in groups)
        {
            var runs = results.Done.Where(r => where(r.Config)).ToList();
            if (runs.Count == 0) continue;
            var layers = Enumerable.Range(1, depth).ToArray();
            act.Line(layers.Select(l => (double)l), layers.Select(l => MeanStd.Of(runs.Select(r => r.At(ActivationSecondMoment.At(l), 0))).Mean), label, marker: Marker.Circle);
            var all = Enumerable.Range(1, depth + 1).ToArray();
            grad.Line(all.Select(l => (double)l), all.Select(l => MeanStd.Of(runs.Select(r => r.At(WeightGradientNorm.At(l), 0))).Mean), label, marker: Marker.Circle);
        }

        return new ReportFigure("layer_profiles.svg",
            "Left: second moment of each hidden activation at initialisation (the recursion predicts a constant for Kaiming and a factor 1/2 per layer for Xavier). " +
            "Right: Frobenius norm of each layer's weight gradient at initialisation.", fig.ToSvg());
    }

    private static double Geo(double a, double b) => double.IsFinite(b) && double.IsFinite(a) ? Math.Sqrt(a * b) : a;

    private static double Next(List<SweepPoint> sweep, double sigma) =>
        sweep.Where(p => p.Sigma > sigma).Select(p => p.Sigma).DefaultIfEmpty(double.PositiveInfinity).Min();

    private static double Prev(List<SweepPoint> sweep, double sigma) =>
        sweep.Where(p => p.Sigma < sigma).Select(p => p.Sigma).DefaultIfEmpty(double.NegativeInfinity).Max();
}
