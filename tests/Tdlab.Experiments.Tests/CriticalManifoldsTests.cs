using Tdlab.Experiments.Common;
using Tdlab.Experiments.CriticalManifolds;
using Tdlab.Experiments.Isometry;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class CriticalManifoldsTests
{
    /// <summary>Width 6, depth 3 on synthetic data (6 inputs, 3 classes); 12 steps of batch 10 (3 epochs); two q* at init and in training.</summary>
    private static readonly string[] Tiny =
    [
        "width=6", "depth=3", "data=synthetic", "classes=3", "train-size=40", "test-size=20", "batch-size=10", "steps=12",
        "fisher-batch=8", "jacobian-inputs=2", "lanczos-steps=0", "q-stars=0.0009,0.015625,0.25", "train-q-stars=0.015625,0.0009",
    ];

    [Fact]
    public void Grid_has_every_net_at_initialisation_and_each_geometry_trained_at_each_qstar()
    {
        var plan = new CriticalManifoldsExperiment().Plan("quick", [], seeds: 3);
        var runs = plan.Runs.Select(r => (CriticalManifoldsRun)r.Config).ToList();
        Assert.Equal(3 * (7 * 2 + 1 + 2 + 2 * 3), runs.Count);
        Assert.Equal(6, runs.Count(r => r.Stage == Stage.Projection && r.QStar == 1.0 / 64 && r.Precision == Precision.None));
        Assert.All(runs.Where(r => !r.Trains), r => Assert.Equal((0, 0, 0.0, 0.0, Precision.None), (r.Steps, r.BatchSize, r.LearningRate, r.ManifoldLearningRate, r.Precision)));
        var trained = runs.Where(r => r.Trains).ToList();
        Assert.All(trained, r => Assert.Equal(WeightInit.Orthogonal, r.Init));
        Assert.All(trained.Where(r => r.Geometry == WeightGeometry.Euclidean), r => Assert.Equal(0.0, r.ManifoldLearningRate));
        Assert.Contains(runs, r => r.Activation == Nonlinearity.Linear && r.QStar == 1.0 / 64);
        var full = new CriticalManifoldsExperiment().Plan("full", [], 1).Runs.Select(r => (CriticalManifoldsRun)r.Config).ToList();
        Assert.All(full.Where(r => !r.Trains), r => Assert.Equal((400, 200, false), (r.Width, r.Depth, r.BlockSpectra)));
        Assert.All(full.Where(r => r.Trains), r => Assert.Equal((100, 200, 1000, true), (r.Width, r.Depth, r.BatchSize, r.BlockSpectra)));
    }

    [Fact]
    public void Each_manifold_can_have_its_own_rates_and_the_euclidean_nets_keep_the_shared_one()
    {
        var plan = new CriticalManifoldsExperiment().Plan("quick", ["learning-rate=1e-4", "stiefel-rates=3e-3,1e-4", "oblique-rates=3e-4,3e-5"], seeds: 1);
        var trained = plan.Runs.Select(r => (CriticalManifoldsRun)r.Config).Where(r => r.Trains).ToList();
        Assert.All(trained.Where(r => r.Geometry == WeightGeometry.Euclidean), r => Assert.Equal((1e-4, 0.0), (r.LearningRate, r.ManifoldLearningRate)));
        Assert.All(trained.Where(r => r.Geometry == WeightGeometry.Stiefel), r => Assert.Equal((3e-3, 1e-4), (r.LearningRate, r.ManifoldLearningRate)));
        Assert.All(trained.Where(r => r.Geometry == WeightGeometry.Oblique), r => Assert.Equal((3e-4, 3e-5), (r.LearningRate, r.ManifoldLearningRate)));
        Assert.Equal(6, trained.Count);
        Assert.Throws<BadInputException>(() => new CriticalManifoldsExperiment().Plan("quick", ["stiefel-rates=1e-3"], seeds: 1));
        Assert.Throws<BadInputException>(() => new CriticalManifoldsExperiment().Plan("quick", ["oblique-rates=1e-3,-1"], seeds: 1));
    }

    [Fact]
    public void Trained_nets_take_their_own_scale_and_block_spectra_can_be_left_out()
    {
        using var run = FamilyRun.Start(new CriticalManifoldsExperiment(),
            [.. Tiny, "block-spectra=false", "train-width=4", "train-depth=2", "q-stars=0.0009,0.015625", "train-q-stars=0.015625"], seeds: 1);
        var runs = run.Plan.Runs.Select(r => (CriticalManifoldsRun)r.Config).ToList();
        Assert.All(runs.Where(r => r.Trains), r => Assert.Equal((4, 2), (r.Width, r.Depth)));
        Assert.All(runs.Where(r => !r.Trains), r => Assert.Equal((6, 3), (r.Width, r.Depth)));
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        var metrics = run.Store.MetricsOf("critical-manifolds");
        Assert.DoesNotContain(metrics.Values, m => m.ContainsKey(CriticalManifoldsMetrics.GershgorinBound.Name) || m.ContainsKey(CriticalManifoldsMetrics.FisherBlockMax.Name));
        Assert.Contains(metrics.Values, m => m.ContainsKey(CriticalManifoldsMetrics.FisherMax.Name));
        Assert.DoesNotContain(run.Analysis.Checks, c => c.Id == "gershgorin-bound");
        Assert.Contains(run.Analysis.Checks, c => c.Id == "same-start");
    }

    [Fact]
    public void A_tiny_sweep_completes_decides_every_claim_and_passes_its_checks()
    {
        using var run = FamilyRun.Start(new CriticalManifoldsExperiment(), Tiny, seeds: 1);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        Assert.Equal(10, run.Analysis.Claims.Count);
        Assert.Equal(3, run.Analysis.Checks.Count);
        Assert.All(run.Analysis.Checks, c => Assert.True(c.Passes, c.ToString()));
        Assert.Equal(5, run.Analysis.Figures.Count);
        Assert.Contains(run.Analysis.Figures, f => f.FileName == "non-gaussian.svg");
        Assert.False(Directory.Exists(Path.Combine(run.Dir, "checkpoints", "critical-manifolds")) &&
                     Directory.EnumerateFiles(Path.Combine(run.Dir, "checkpoints", "critical-manifolds"), "*.ckpt", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void The_same_seed_gives_the_same_numbers_on_one_or_two_threads()
    {
        string[] small = [.. Tiny, "q-stars=0.015625", "inits=orthogonal", "train-q-stars=0.015625"];
        using var one = FamilyRun.Start(new CriticalManifoldsExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new CriticalManifoldsExperiment(), small, threads: 2);
        var a = one.Store.MetricsOf("critical-manifolds");
        var b = two.Store.MetricsOf("critical-manifolds");
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (run, metrics) in a)
            foreach (var (name, series) in metrics)
                Assert.Equal(series, b[run][name]);
    }

    [Fact]
    public void An_interrupted_run_resumes_from_its_checkpoint_to_the_same_numbers()
    {
        string[] one = [.. Tiny, "q-stars=0.015625", "inits=orthogonal", "linear-q-star=0", "train-q-stars=0.015625", "geometries=oblique", "checkpoint-every=4"];
        using var straight = FamilyRun.Start(new CriticalManifoldsExperiment(), one);
        string dir = Path.Combine(Path.GetTempPath(), "tdlab-resume-" + Guid.NewGuid().ToString("N")[..12]);
        var saves = new List<int>();
        CriticalManifoldsExperiment.CheckpointSaved = (path, step) =>
        {
            if (!path.StartsWith(dir, StringComparison.Ordinal)) return;
            saves.Add(step);
            if (step == 8 && saves.Count == 2) throw new InvalidOperationException("planted interruption after the checkpoint at step 8");
        };
        try
        {
            Directory.CreateDirectory(dir);
            var experiment = new CriticalManifoldsExperiment();
            var store = RunStore.Open(dir);
            var plan = experiment.Plan("quick", one, 1);
            new Lab.Runner.SweepRunner(store, 1, new FamilyRun.NullProgress()).Run(experiment, plan, CancellationToken.None);
            string trainedId = plan.Runs.Single(r => ((CriticalManifoldsRun)r.Config).Trains).Id;
            Assert.Equal(RunStatus.Failed, store.Run(trainedId)!.Status);
            Assert.Equal([4, 8], saves);
            new Lab.Runner.SweepRunner(store, 1, new FamilyRun.NullProgress()).Run(experiment, plan, CancellationToken.None);
            Assert.Equal(RunStatus.Complete, store.Run(trainedId)!.Status);
            Assert.Equal([4, 8], saves);                                     // resumed after step 8: no save at step 4 or 8 again
            foreach (var metric in new[] { "loss", "test_accuracy", "s_max", "fisher_max", "constraint_drift" })
                Assert.Equal(straight.Store.Metric(trainedId, metric), store.Metric(trainedId, metric));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir, "checkpoints"), "*.ckpt", SearchOption.AllDirectories));
        }
        finally
        {
            CriticalManifoldsExperiment.CheckpointSaved = null;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void Planted_violations_of_the_at_init_claims_do_not_hold()
    {
        double[] qs = [9e-4, 0.004, 0.016, 0.06, 0.25];
        // s_max and lambda_max(G) falling with q* in every replicate: the slope is negative.
        var falling = Enumerable.Range(0, 3).Select(k => CriticalManifoldsExperiment.QStarSlope(qs.Select(q => (q, Math.Pow(q, -0.3 - 0.02 * k))).ToList())).ToList();
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.SMaxIncreases.DecideAll("critical-manifolds", [("orthogonal", Estimate.Mean(falling))]).Verdict);
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.FisherIncreases.DecideAll("critical-manifolds", [("gaussian", Estimate.Mean(falling))]).Verdict);
        var rising = Enumerable.Range(0, 3).Select(k => CriticalManifoldsExperiment.QStarSlope(qs.Select(q => (q, Math.Pow(q, 0.4 + 0.01 * k))).ToList())).ToList();
        Assert.Equal(Verdict.Holds, CriticalManifoldsExperiment.SMaxIncreases.DecideAll("critical-manifolds", [("orthogonal", Estimate.Mean(rising))]).Verdict);

        // lambda_max(G) unrelated to s_max (anti-correlated): Pearson far below the threshold.
        var anti = Enumerable.Range(0, 3).Select(k => CriticalManifoldsExperiment.LogPearson(qs.Select((q, i) => (1 + q, Math.Exp(-i + 0.05 * k * (i % 2)))).ToList())).ToList();
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.CorrelatedAtInit.Decide("critical-manifolds", Estimate.Mean(anti)).Verdict);

        // Linear nets with a smaller lambda_max(G) than tanh ones.
        var smaller = new[] { (0.5, 1.0), (1.2, 2.0), (0.55, 1.0) }.Select(p => CriticalManifoldsExperiment.LinearOverTanh(p.Item1, p.Item2)).ToList();
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.LinearLargerFisher.Decide("critical-manifolds", Estimate.Mean(smaller)).Verdict);
        var larger = new[] { (2.0, 1.0), (2.4, 1.0), (1.9, 1.0) }.Select(p => CriticalManifoldsExperiment.LinearOverTanh(p.Item1, p.Item2)).ToList();
        Assert.Equal(Verdict.Holds, CriticalManifoldsExperiment.LinearLargerFisher.Decide("critical-manifolds", Estimate.Mean(larger)).Verdict);
    }

    [Fact]
    public void Planted_violation_of_the_non_gaussian_claim_does_not_hold()
    {
        // The effect inverted: "pre-activations" that are Gaussian draws, against a reference with a heavy-tailed
        // (Laplace, kappa = 3) coordinate, both pursued by the same held-out probe: the gap is negative in every replicate.
        var ratios = Enumerable.Range(0, 5).Select(k =>
        {
            const int n = 2000, d = 8;
            var rng = new Tdlab.Tensors.Random.Rng((ulong)k, "planted");
            var gauss = new double[n * d];
            var laplace = new double[n * d];
            rng.Normal<double>(gauss, 0, 1);
            rng.Normal<double>(laplace, 0, 1);
            for (int i = 0; i < n; i++)
            {
                double u = rng.NextDouble() - 0.5;
                laplace[i * d] = -Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
            }

            double Pursued(double[] x) => Math.Abs(Tdlab.Probes.ProjectionPursuit.HeldOut(x, n, d, rng.Child("pursuit")).HeldOutKurtosis);
            return CriticalManifoldsExperiment.HeldOutKurtosisGap(Pursued(gauss), Pursued(laplace));
        }).ToList();
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.OrthogonalNonGaussian.Decide("critical-manifolds", Estimate.Mean(ratios)).Verdict);
        Assert.Equal(Verdict.Holds, CriticalManifoldsExperiment.OrthogonalNonGaussian.Decide("critical-manifolds", Estimate.Mean(ratios.Select(v => -v))).Verdict);
    }

    [Fact]
    public void The_pre_activations_are_the_last_hidden_layers_affine_output()
    {
        // A 2-layer tanh net on 3 images: h_2 = W_2 tanh(W_1 x + b_1) + b_2, recomputed by hand.
        var rng = new Tdlab.Tensors.Random.Rng(4, "net");
        var model = new Tdlab.Nn.Sequential<double>(new Tdlab.Nn.Linear<double>(4, 3, rng), new Tdlab.Nn.Tanh<double>(),
            new Tdlab.Nn.Linear<double>(3, 3, rng), new Tdlab.Nn.Tanh<double>(), new Tdlab.Nn.Linear<double>(3, 2, rng));
        var x = new float[] { 0.1f, -0.2f, 0.3f, 0.4f, 1, 0, -1, 0.5f, -0.3f, 0.2f, 0.2f, -0.7f };
        var data = new Tdlab.Data.Dataset("tiny", x, 3, 4, [0, 1, 0], 2);
        var h = CriticalManifoldsExperiment.LastPreactivations(model, 2, data, chunk: 2);
        var l1 = (Tdlab.Nn.Linear<double>)model.Layers[0];
        var l2 = (Tdlab.Nn.Linear<double>)model.Layers[2];
        for (int i = 0; i < 3; i++)
        {
            var a = Enumerable.Range(0, 3).Select(j => Math.Tanh(Enumerable.Range(0, 4).Sum(k => l1.Weight[j * 4 + k] * x[i * 4 + k]) + l1.Bias![j])).ToArray();
            for (int j = 0; j < 3; j++)
                Assert.Equal(Enumerable.Range(0, 3).Sum(k => l2.Weight[j * 3 + k] * a[k]) + l2.Bias![j], h[i * 3 + j], 12);
        }
    }

    [Fact]
    public void Planted_violations_of_the_training_claims_do_not_hold()
    {
        (int, double)[] Curve(double start, double rate) => Enumerable.Range(0, 11).Select(e => (e * 20, start * Math.Exp(-rate * e))).ToArray();
        // Manifold nets whose loss at the small q* is twice that at the large q*: not insensitive.
        var sensitive = Enumerable.Range(0, 3).Select(k => Math.Log(CriticalManifoldsExperiment.CurveMean(Curve(2.3, 0.05)) / CriticalManifoldsExperiment.CurveMean(Curve(2.3, 0.3 + 0.01 * k)))).ToList();
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.ManifoldInsensitive.DecideAll("critical-manifolds", [("stiefel", Estimate.Mean(sensitive))]).Verdict);
        // The Euclidean net at the small q* training faster than at 1/64.
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.EuclideanSensitive.Decide("critical-manifolds", Estimate.Mean(sensitive.Select(v => -v))).Verdict);
        // Manifold nets slower than the Euclidean ones.
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.ManifoldFaster.DecideAll("critical-manifolds", [("oblique vs euclidean", Estimate.Mean(sensitive))]).Verdict);
        // The Euclidean small-q* net's lambda_max(G) rising less than another net's within the window.
        double flat = CriticalManifoldsExperiment.EarlyRise([(0, 1.0), (20, 1.2), (40, 1.1), (200, 50)], 100);
        double steep = CriticalManifoldsExperiment.EarlyRise([(0, 1.0), (20, 8.0), (40, 9.0)], 100);
        Assert.Equal(Math.Log(1.2), flat, 12);                               // the late value (step 200) is outside the window
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.SharpestRise.DecideAll("critical-manifolds",
            [("vs stiefel", Estimate.Mean([flat - steep, flat - steep * 1.1, flat - steep * 0.9]))]).Verdict);
        // Manifold nets' s_max less predictive than Euclidean nets'.
        // Planted probe series: s_max and lambda_max(G) rising together (Pearson near 1) or unrelated (alternating).
        IReadOnlyList<(double, double)> Together(int k) => Enumerable.Range(1, 8).Select(i => (i * 1.0, Math.Pow(i, 1.5 + 0.1 * k) * (1 + 0.01 * (i % 3)))).ToList();
        IReadOnlyList<(double, double)> Unrelated(int k) => Enumerable.Range(1, 8).Select(i => (i * 1.0, i % 2 == 0 ? 1.0 + 0.1 * k : 3.0)).ToList();
        var worse = Enumerable.Range(0, 3).Select(k => CriticalManifoldsExperiment.PredictiveGap([Unrelated(k), Unrelated(k + 1)], [Together(k)])).ToList();
        Assert.Equal(Verdict.DoesNotHold, CriticalManifoldsExperiment.ManifoldPredictive.Decide("critical-manifolds", Estimate.Mean(worse)).Verdict);
        var better = Enumerable.Range(0, 3).Select(k => CriticalManifoldsExperiment.PredictiveGap([Together(k), Together(k + 1)], [Unrelated(k)])).ToList();
        Assert.Equal(Verdict.Holds, CriticalManifoldsExperiment.ManifoldPredictive.Decide("critical-manifolds", Estimate.Mean(better)).Verdict);
    }

    [Fact]
    public void The_nets_trained_precondition_needs_every_kind_of_net_below_nine_tenths_of_chance_loss()
    {
        double ln10 = Math.Log(10);
        string[] kinds = ["euclidean q* 0.01562", "stiefel q* 0.0009"];
        (string, double, double)[] learned = [("euclidean q* 0.01562", 0.6, ln10), ("euclidean q* 0.01562", 0.8, ln10), ("stiefel q* 0.0009", 1.9, ln10)];
        Assert.True(CriticalManifoldsExperiment.NetsTrained(kinds, learned).Met);
        Assert.True(CriticalManifoldsExperiment.NetsTrained([], []).Met);
        // One kind whose mean sits at 0.98 ln 10: not met, and the reason names it.
        var (met, why) = CriticalManifoldsExperiment.NetsTrained([.. kinds, "oblique q* 0.0009"], [.. learned, ("oblique q* 0.0009", 2.30, ln10), ("oblique q* 0.0009", 2.20, ln10)]);
        Assert.False(met);
        Assert.Contains("1 of 3 kinds", why);
        Assert.Contains("oblique q* 0.0009", why);
        // A diverged net (NaN loss) counts as not trained; a planned kind without finished runs fails the precondition.
        Assert.False(CriticalManifoldsExperiment.NetsTrained(kinds, [.. learned, ("stiefel q* 0.0009", double.NaN, ln10)]).Met);
        var missing = CriticalManifoldsExperiment.NetsTrained([.. kinds, "oblique q* 0.01562"], learned);
        Assert.False(missing.Met);
        Assert.Contains("no finished run of oblique q* 0.01562", missing.Why);
        // A run stored before chance_loss existed: the precondition cannot be checked, and says so.
        var old = CriticalManifoldsExperiment.NetsTrained(kinds, [.. learned, ("stiefel q* 0.0009", 0.5, double.NaN)]);
        Assert.False(old.Met);
        Assert.Contains("1 trained runs have no chance_loss", old.Why);
    }

    [Fact]
    public void Training_claims_of_nets_that_did_not_learn_are_withheld_and_the_at_init_claims_are_not()
    {
        // Rates so small that no net moves from its start: every training claim must be inconclusive, its estimate kept.
        using var stuck = FamilyRun.Start(new CriticalManifoldsExperiment(), [.. Tiny, "learning-rate=1e-12", "manifold-learning-rate=1e-12"], seeds: 3);
        string[] training = ["manifold-insensitive-to-qstar", "euclidean-small-qstar-trains-worse", "manifold-faster-than-euclidean",
                             "euclidean-small-qstar-sharpest-fisher-rise", "smax-predicts-fisher-better-on-manifolds"];
        foreach (var id in training)
        {
            var claim = stuck.Analysis.Claims.Single(c => c.Id == id);
            Assert.Equal(Verdict.Inconclusive, claim.Verdict);
            Assert.StartsWith("withheld: nets-trained not met", claim.Note);
        }
        Assert.Contains(stuck.Analysis.Claims, c => c.Id == "manifold-insensitive-to-qstar" && c.N == 3);
        Assert.DoesNotContain(stuck.Analysis.Claims.Where(c => !training.Contains(c.Id)), c => c.Note.StartsWith("withheld"));
        Assert.All(stuck.Analysis.Checks, c => Assert.True(c.Passes, c.ToString()));
    }

    [Fact]
    public void Probe_schedule_follows_the_seed_or_every_k_epochs()
    {
        Assert.Equal([0, 60, 300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2700, 3000, 6000, 12000],
            CriticalManifoldsExperiment.ProbeSteps(12000, 60, 0));
        Assert.Equal([0, 40, 80, 100], CriticalManifoldsExperiment.ProbeSteps(100, 20, 2));
    }

    [Fact]
    public void Bad_settings_are_rejected_before_anything_runs()
    {
        var e = new CriticalManifoldsExperiment();
        Assert.Contains("precision", Assert.Throws<BadInputException>(() => e.Plan("quick", ["precision=none"])).Message);
        Assert.Contains("linear-q-star", Assert.Throws<BadInputException>(() => e.Plan("quick", ["linear-q-star=0.3"])).Message);
        Assert.Contains("geometries", Assert.Throws<BadInputException>(() => e.Plan("quick", ["geometries=hyperbolic"])).Message);
        Assert.Contains("batch-size", Assert.Throws<BadInputException>(() => e.Plan("quick", ["batch-size=5000"])).Message);
        Assert.Contains("train-width", Assert.Throws<BadInputException>(() => e.Plan("quick", ["train-width=1"])).Message);
    }
}
