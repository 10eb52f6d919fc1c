using System.Xml.Linq;
using Tdlab.Experiments.RnnGating;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class RnnGatingTests
{
    private static readonly string[] Tiny =
    [
        "hidden=8", "sigmas=0.5,2", "orthogonal-gains=2", "lengths=4,6", "steps=4", "log-every=2", "batch-size=4",
        "probe-batch=3", "eval-batch=8", "copy-symbols=2", "alphabet=3",
    ];

    [Fact]
    public void GridIsTheGaussianSweepPlusOrthogonalGainsPerTaskAndModelPlusTheSensitivityRuns()
    {
        var plan = new RnnGatingExperiment().Plan("quick", [], seeds: 1);
        var runs = plan.Runs.Select(r => (RnnGatingRun)r.Config).ToList();
        var main = runs.Where(r => !r.Sensitivity).ToList();
        Assert.Equal(2 * 4 * (5 + 1) * 3, main.Count);
        Assert.Equal([SequenceTask.Copy, SequenceTask.Adding], main.Select(r => r.Task).Distinct().Order());
        Assert.Equal([RecurrentModel.Rnn, RecurrentModel.Gru, RecurrentModel.Lstm, RecurrentModel.Minimal], main.Select(r => r.Model).Distinct().Order());
        Assert.Equal([0.5, 1, 1.5, 2, 3], main.Where(r => r.Init == WeightInit.Gaussian).Select(r => r.Sigma).Distinct().Order());
        Assert.Equal([1.0], main.Where(r => r.Init == WeightInit.Orthogonal).Select(r => r.Sigma).Distinct());
        Assert.All(main, r => Assert.Equal((32, 0.1, 3.0, 1.0), (r.Hidden, r.SigmaU, r.UpdateBias, r.ForgetBias)));
        Assert.Equal([0, 100, 200], runs[0].ProbeSteps);
        // the labelled sensitivity runs: the vanilla RNN's cells again at sigma_u = 1
        var sensitivity = runs.Where(r => r.Sensitivity).ToList();
        Assert.Equal(2 * (5 + 1) * 3, sensitivity.Count);
        Assert.All(sensitivity, r => Assert.Equal((RecurrentModel.Rnn, 1.0), (r.Model, r.SigmaU)));
        Assert.Equal(5, new RnnGatingExperiment().Quick.Seeds);
    }

    [Fact]
    public void TheUpdateGateBiasStartsTheGruAndMinimalRnnAtALongTimescale()
    {
        // with bias 3 the retain gate is sigmoid(3) = 0.95 at zero input: the minimalRNN's ||dL/dh_t|| decays by far less per step than at bias 0.
        string[] small = [.. Tiny, "tasks=adding", "models=minimal,gru", "sigmas=1", "orthogonal-gains=", "lengths=8", "sensitivity-sigma-u=0"];
        using var zero = FamilyRun.Start(new RnnGatingExperiment(), [.. small, "update-bias=0"]);
        using var three = FamilyRun.Start(new RnnGatingExperiment(), [.. small, "update-bias=3"]);
        foreach (var model in new[] { RecurrentModel.Minimal, RecurrentModel.Gru })
        {
            double Slope(FamilyRun run) => run.Store.Metric(run.Plan.Runs.Single(s => ((RnnGatingRun)s.Config).Model == model).Id, "hgrad_slope")
                .First(p => p.Step == 0).Value;
            Assert.True(Slope(three) < Slope(zero) / 2, $"{model}: slope {Slope(three)} at bias 3 vs {Slope(zero)} at bias 0");
        }
    }

    [Fact]
    public void AFloat64ProbeOfAFloat32RunReadsTheProfileThatFloat32Loses()
    {
        // sigma_w = 0.05 over 40 steps: ||dL/dh_t|| falls ~1.3 decades a step, below float32's range long before t = 1
        string[] small = [.. Tiny, "tasks=adding", "models=rnn", "sigmas=0.05", "orthogonal-gains=", "lengths=40", "sensitivity-sigma-u=0", "steps=2", "probe-count=1"];
        using var narrow = FamilyRun.Start(new RnnGatingExperiment(), [.. small, "precision=float32"]);
        using var wide = FamilyRun.Start(new RnnGatingExperiment(), [.. small, "precision=float32", "probe-precision=float64"]);
        using var reference = FamilyRun.Start(new RnnGatingExperiment(), [.. small, "precision=float64"]);
        double[] Profile(FamilyRun run) => [.. run.Store.Metric(run.Plan.Runs.Single().Id, "hgrad_s0").Select(p => p.Value)];
        Assert.Contains(0.0, Profile(narrow));
        Assert.All(Profile(wide), v => Assert.True(v > 0));
        // the same weights up to float32 rounding: the float64 run's profile within a relative 1e-4, over ~50 decades
        Assert.True(Profile(reference)[0] < 1e-40);
        Assert.All(Profile(wide).Zip(Profile(reference)), p => Assert.Equal(1, p.First / p.Second, 1e-4));
    }

    [Fact]
    public void TinySweepStoresGradientProfilesAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new RnnGatingExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        var spec = run.Plan.Runs.First(s => ((RnnGatingRun)s.Config) is { Task: SequenceTask.Copy, Length: 6 });
        // copy with delay 6 and k = 2: length 10, one norm per t, at init and at both probes
        Assert.Equal(Enumerable.Range(1, 10), run.Store.Metric(spec.Id, "hgrad_s0").Select(p => p.Step));
        Assert.All(run.Store.Metric(spec.Id, "hgrad_s0"), p => Assert.True(p.Value > 0));
        Assert.Equal([0, 2, 4], run.Store.Metric(spec.Id, "hgrad_slope").Select(p => p.Step));
        Assert.Equal([0, 4], run.Store.Metric(spec.Id, "eval_loss").Select(p => p.Step));
        Assert.Equal(3, run.Store.Arrays(spec.Id).Count(a => a.Name == "hgrad"));
        Assert.Equal(13, run.Analysis.Claims.Count);
        Assert.Empty(run.Analysis.Checks);
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        // one seed: every claim has at most one replicate (the timescale claims none when no cell trains at this tiny scale)
        Assert.All(run.Analysis.Claims, c => Assert.InRange(c.N, 0, 1));
        Assert.Equal(6, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "tasks=adding", "models=lstm", "sigmas=1", "orthogonal-gains=", "lengths=5"];
        using var one = FamilyRun.Start(new RnnGatingExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new RnnGatingExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
        {
            Assert.Equal(one.Store.Metric(spec.Id, "loss"), two.Store.Metric(spec.Id, "loss"));
            Assert.Equal(one.Store.Metric(spec.Id, "hgrad_s0"), two.Store.Metric(spec.Id, "hgrad_s0"));
        }
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new RnnGatingExperiment();
        Assert.Contains("models", Assert.Throws<BadInputException>(() => e.Plan("quick", ["models=transformer"])).Message);
        Assert.Contains("tasks", Assert.Throws<BadInputException>(() => e.Plan("quick", ["tasks=parity"])).Message);
        Assert.Contains("sigmas", Assert.Throws<BadInputException>(() => e.Plan("quick", ["sigmas=0"])).Message);
        Assert.Contains("optimizer", Assert.Throws<BadInputException>(() => e.Plan("quick", ["optimizer=lbfgs"])).Message);
        Assert.Contains("probe-precision", Assert.Throws<BadInputException>(() => e.Plan("quick", ["precision=float64", "probe-precision=float32"])).Message);
    }

    [Fact]
    public void APlantedNarrowerGatedRegionTurnsEveryWiderRegionClaimToDoesNotHold()
    {
        // Five replicates in which the gated cell trains in no cell while the vanilla RNN trains in most: every (model, task) claim.
        Assert.Equal(6, RnnGatingExperiment.WiderRegion.Count);
        foreach (var ((model, task), spec) in RnnGatingExperiment.WiderRegion)
        {
            var gains = Enumerable.Range(0, 5).Select(rep => RnnGatingExperiment.AreaGain(
                Enumerable.Range(0, 6).SelectMany(cell => new[]
                {
                    (model, 0.9 + 0.01 * cell),
                    (RecurrentModel.Rnn, cell < 4 + rep % 2 ? 0.1 : 0.9),
                }), model)).ToList();
            Assert.All(gains, g => Assert.True(g < -0.5));
            Assert.True(spec.Decide("rnn-gating", Estimate.Mean(gains)).Verdict == Verdict.DoesNotHold, $"{model} on {task}");
        }
    }

    [Fact]
    public void APlantedGaussianWinTurnsTheOrthogonalClaimOfEachTaskToDoesNotHold()
    {
        // orthogonal losing to Gaussian in every replicate turns that claim to does not hold, on either task.
        var ratios = Enumerable.Range(0, 5).Select(rep => RnnGatingExperiment.LogLossRatio([0.9, 1.0 + 0.01 * rep], [0.3, 0.4])).ToList();
        Assert.Equal(2, RnnGatingExperiment.OrthogonalBeatsGaussian.Count);
        foreach (var (task, spec) in RnnGatingExperiment.OrthogonalBeatsGaussian)
            Assert.True(spec.Decide("rnn-gating", Estimate.Mean(ratios)).Verdict == Verdict.DoesNotHold, $"{task}");
    }

    /// <summary>
    /// A planted ||dL/dh_t|| curve, t = 1..L with L = 40: log ||dL/dh_t|| = logNorm(t) + a wiggle of up to 0.1 that depends on
    /// t and <paramref name="rep"/> (so replicates differ), as the probe measures it at init.
    /// </summary>
    private static double[] Profile(Func<int, double> logNorm, int rep) =>
        [.. Enumerable.Range(1, 40).Select(t => Math.Exp(logNorm(t) + 0.05 * ((t + rep) % 3)))];

    /// <summary>
    /// Through the claims' own statistic: per task (copy with k = 10 output steps, adding with k = 1) and replicate, each run's
    /// planted curve goes through <see cref="RnnGatingExperiment.ProfileFit"/> (what the run stores: slope and R^2 of
    /// log ||dL/dh_t|| = a + b t over t = 1..L − k, and log10(||dL/dh_1|| / ||dL/dh_(L−k)||)), the replicate's runs through
    /// <see cref="RnnGatingExperiment.ReplicateMean"/>, then the spec decides the two tasks together over 5 replicates.
    /// </summary>
    private static Claim DecidePlanted(ClaimSpec spec, Func<(double Slope, double RSquared, double Log10Ratio), double> statistic, params Func<int, double>[] runs) =>
        spec.DecideAll("rnn-gating", new[] { ("copy", 10), ("adding", 1) }.Select(task => (task.Item1, Estimate.Mean(Enumerable.Range(0, 5).Select(rep =>
            RnnGatingExperiment.ReplicateMean(runs.Select(run => statistic(RnnGatingExperiment.ProfileFit(Profile(run, rep), task.Item2)))))))).ToList());

    [Fact]
    public void PlantedGradientProfilesTurnTheVanishingAndExplodingClaimsToDoesNotHold()
    {
        // log10 ratio = b (1 − (L − k)) / ln 10 for log ||dL/dh_t|| = b t: negative (vanishing going back) for b > 0.
        // rnn-vanishing-small-sigma (< −1 decade): a gradient that grows going back in time (b = −0.1) at the smallest σ_w does not hold ...
        Assert.Equal(Verdict.DoesNotHold, DecidePlanted(RnnGatingExperiment.VanishingSmallSigma, f => f.Log10Ratio, t => -0.1 * t).Verdict);
        // ... one that shrinks by e^-0.2 per step going back holds (about −2.5 decades on copy, −3.4 on adding).
        Assert.Equal(Verdict.Holds, DecidePlanted(RnnGatingExperiment.VanishingSmallSigma, f => f.Log10Ratio, t => 0.2 * t).Verdict);
        // rnn-exploding-large-sigma (> +1 decade): a flat gradient (b = 0, only the wiggle) at the largest σ_w does not hold; b = −0.2 holds.
        Assert.Equal(Verdict.DoesNotHold, DecidePlanted(RnnGatingExperiment.ExplodingLargeSigma, f => f.Log10Ratio, t => 0.0).Verdict);
        Assert.Equal(Verdict.Holds, DecidePlanted(RnnGatingExperiment.ExplodingLargeSigma, f => f.Log10Ratio, t => -0.2 * t).Verdict);
    }

    [Fact]
    public void PlantedCurvedGradientProfilesTurnTheGeometricClaimToDoesNotHold()
    {
        // rnn-gradient-geometric (R^2 > 0.9, mean over the replicate's Gaussian (σ_w, T) runs): three runs per replicate whose
        // log-norm is a parabola (t − 15)^2 / 20, symmetric about the middle of the fitted range, so the line explains almost none of it.
        Func<int, double> curved = t => (t - 15) * (t - 15) / 20.0;
        Assert.Equal(Verdict.DoesNotHold, DecidePlanted(RnnGatingExperiment.GradientGeometric, f => f.RSquared, curved, curved, curved).Verdict);
        // geometric curves (straight log-norms, vanishing, exploding and steeper) hold.
        Assert.Equal(Verdict.Holds, DecidePlanted(RnnGatingExperiment.GradientGeometric, f => f.RSquared, t => 0.2 * t, t => -0.2 * t, t => 0.4 * t).Verdict);
    }

    [Fact]
    public void APlantedInverseTimescaleTrendTurnsTheSignatureClaimToDoesNotHold()
    {
        // cells whose longest trainable T falls as the timescale grows, with a different tie pattern in each replicate.
        var rho = Enumerable.Range(0, 5).Select(rep => RnnGatingExperiment.TimescaleCorrelation(
            Enumerable.Range(0, 8).Select(i => ($"cell {i}", 2.0 + 5 * i, i < 2 + rep % 3 ? 40 : i < 6 ? 20 : 10)).ToList())).ToList();
        Assert.All(rho, r => Assert.True(r < -0.5, $"rho {r}"));
        Assert.Equal(2, RnnGatingExperiment.LengthTracksTimescale.Count);
        foreach (var (task, spec) in RnnGatingExperiment.LengthTracksTimescale)
            Assert.True(spec.Decide("rnn-gating", Estimate.Mean(rho)).Verdict == Verdict.DoesNotHold, $"{task}");
        // and a monotone rising trend is +1
        Assert.Equal(1, RnnGatingExperiment.TimescaleCorrelation([("a", 1, 0), ("b", 2, 10), ("c", 3, 20), ("d", 4, 40)]), 12);
    }
}
