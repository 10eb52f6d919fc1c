using Tdlab.Lab.Claims;

namespace Tdlab.Experiments.Isometry;

/// <summary>The expected results of seed 000 topic 2 and seed 004, measured from the stored spectra and losses.</summary>
public sealed partial class IsometryExperiment
{
    /// <summary>Linear + orthogonal must be an isometry to this accuracy: max_i |s_i - 1|.</summary>
    public const double IsometryTolerance = 1e-6;

    /// <summary>"Concentrated": s_max of the orthogonal critical tanh net stays below this at every depth.</summary>
    public const double ConcentratedMax = 2.0;

    public override IEnumerable<Claim> Claims(Results<IsometryRun> results)
    {
        // (1) linear + orthogonal: every singular value 1 at every depth.
        var linOrth = results.Done.Where(r => r.Config is { Activation: "linear", Init: IsometryRun.Orthogonal }).ToList();
        if (linOrth.Count > 0)
        {
            double worst = linOrth.Max(r => r.At("sv_isometry_error", 0));
            yield return results.AtMost("linear-orthogonal-isometry",
                $"a deep linear net with orthogonal weights keeps every singular value of J equal to 1 (to {Claim.Format(IsometryTolerance)}) at every depth: max |s - 1|",
                worst, IsometryTolerance,
                string.Join("; ", Depths(linOrth).Select(d => $"L = {d}: max |s - 1| = {Claim.Format(linOrth.Where(r => r.Config.Depth == d).Max(r => r.At("sv_isometry_error", 0)))}")));
        }

        // (2) critical tanh, Gaussian: s_max grows with depth.
        var tanhGauss = Curve(results, "tanh", IsometryRun.Gaussian, "sv_max");
        if (tanhGauss.Count >= 2)
        {
            bool grows = Increasing(tanhGauss);
            yield return results.Check("tanh-gaussian-smax-grows",
                "critical tanh (chi = 1) with Gaussian weights: s_max of J grows with depth: s_max(deepest) / s_max(shallowest)",
                tanhGauss[^1].Value.Mean / tanhGauss[0].Value.Mean, "> 1 and increasing at every depth", grows,
                Describe("s_max", tanhGauss));
        }

        // (3) critical tanh, orthogonal: the spectrum stays concentrated (s_max below 2, spread far below the Gaussian's).
        var tanhOrth = Curve(results, "tanh", IsometryRun.Orthogonal, "sv_max");
        if (tanhOrth.Count > 0)
        {
            var orthSpread = Curve(results, "tanh", IsometryRun.Orthogonal, "sv_spread");
            var gaussSpread = Curve(results, "tanh", IsometryRun.Gaussian, "sv_spread");
            double worst = tanhOrth.Max(p => p.Value.Mean);
            bool narrower = orthSpread.All(o => gaussSpread.FirstOrDefault(g => g.Depth == o.Depth) is var g && g.Value.Count > 0 && o.Value.Mean < g.Value.Mean);
            yield return results.Check("tanh-orthogonal-concentrated",
                $"critical tanh with orthogonal weights: the spectrum stays concentrated: s_max <= {Claim.Format(ConcentratedMax)} at every depth " +
                "and the 5-95% spread s_q95 / s_q05 below the Gaussian net's at every depth",
                worst, $"<= {Claim.Format(ConcentratedMax)} (and spread below Gaussian)", worst <= ConcentratedMax && narrower,
                $"orthogonal {Describe("s_max", tanhOrth)}; orthogonal {Describe("spread", orthSpread)}; Gaussian {Describe("spread", gaussSpread)}; " +
                $"orthogonal {Describe("s_min", Curve(results, "tanh", IsometryRun.Orthogonal, "sv_min"))}");
        }

        // (4) relu: no isometry even with orthogonal weights; the spread of the non-zero singular values grows with depth.
        var reluSpread = Curve(results, "relu", IsometryRun.Orthogonal, "sv_spread");
        if (reluSpread.Count >= 2)
        {
            yield return results.Check("relu-orthogonal-no-isometry",
                "relu with orthogonal weights (gain sqrt 2) does not reach isometry: the 5-95% spread of the non-zero singular values grows with depth: spread(deepest) / spread(shallowest)",
                reluSpread[^1].Value.Mean / reluSpread[0].Value.Mean, "> 1 and increasing at every depth", Increasing(reluSpread),
                $"{Describe("spread", reluSpread)}; {Describe("fraction below 1e-10 s_max", Curve(results, "relu", IsometryRun.Orthogonal, "sv_zero_fraction"))}; " +
                $"{Describe("s_max", Curve(results, "relu", IsometryRun.Orthogonal, "sv_max"))}");
        }

        // (5) chi = 1 is measured too: the mean squared singular value stays near chi^L = 1 for tanh.
        var tanhMeanSq = Curve(results, "tanh", null, "sv_mean_sq");
        if (tanhMeanSq.Count > 0)
        {
            yield return results.Between("tanh-chi-one",
                "the critical tanh scales (chi = 1) keep the mean squared singular value (1/n) tr(J^T J) near chi^L = 1 at the deepest depth (both inits)",
                tanhMeanSq[^1].Value.Mean, 0.5, 2.0, Describe("mean s^2", tanhMeanSq));
        }

        // (6) training at the training depth: orthogonal beats Gaussian for tanh after the same steps.
        var trained = results.Done.Where(r => r.Config.Trains).ToList();
        var orth = MeanStd.Of(trained.Where(r => r.Config is { Activation: "tanh", Init: IsometryRun.Orthogonal }).Select(FinalLoss));
        var gauss = MeanStd.Of(trained.Where(r => r.Config is { Activation: "tanh", Init: IsometryRun.Gaussian }).Select(FinalLoss));
        if (orth.Count > 0 && gauss.Count > 0)
        {
            var any = trained[0].Config;
            var reluOrth = MeanStd.Of(trained.Where(r => r.Config is { Activation: "relu", Init: IsometryRun.Orthogonal }).Select(FinalLoss));
            var reluGauss = MeanStd.Of(trained.Where(r => r.Config is { Activation: "relu", Init: IsometryRun.Gaussian }).Select(FinalLoss));
            yield return results.Check("tanh-orthogonal-trains-faster",
                $"at depth {any.Depth} critical tanh with orthogonal weights reaches a lower training loss than with Gaussian weights after the same {any.Steps} steps: loss ratio orthogonal / Gaussian",
                orth.Mean / gauss.Mean, "< 1", orth.Mean < gauss.Mean,
                $"final training loss tanh: orthogonal {orth}, Gaussian {gauss}; relu (for comparison): orthogonal {reluOrth}, Gaussian {reluGauss}; " +
                $"diverged runs count as NaN ({trained.Count(r => r.Diverged)} of {trained.Count} diverged)");
        }
    }

    /// <summary>The final logged training loss; NaN for a diverged run.</summary>
    private static double FinalLoss(RunView<IsometryRun> r) => r.Diverged ? double.NaN : r.Final("loss");

    /// <summary>A spectrum metric at initialisation per depth, over seeds (and inits when <paramref name="init"/> is null), by depth.</summary>
    internal static List<(int Depth, MeanStd Value)> Curve(Results<IsometryRun> results, string activation, string? init, string metric) =>
        results.Done.Where(r => r.Config.Activation == activation && (init is null || r.Config.Init == init))
            .GroupBy(r => r.Config.Depth)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, MeanStd.Of(g.Select(r => r.At(metric, 0)))))
            .ToList();

    private static IEnumerable<int> Depths(IEnumerable<RunView<IsometryRun>> runs) => runs.Select(r => r.Config.Depth).Distinct().Order();

    private static bool Increasing(List<(int Depth, MeanStd Value)> curve) =>
        curve.Zip(curve.Skip(1)).All(p => p.Second.Value.Mean > p.First.Value.Mean);

    private static string Describe(string name, List<(int Depth, MeanStd Value)> curve) =>
        $"{name} by depth: " + string.Join(", ", curve.Select(p => $"L = {p.Depth}: {p.Value}"));
}
