using Tdlab.Experiments.DataParallel;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Tests;

public class DataParallelTests
{
    private static readonly string[] Tiny =
    [
        "train-size=256", "batch-sizes=4,16,64", "learning-rates=0.1,0.3", "width=8", "max-steps=3000", "target-fraction=0.3",
    ];

    [Fact]
    public void The_noise_scale_from_one_backward_pass_equals_that_of_per_example_gradients()
    {
        // Naive reference: the gradient of each example's loss alone, G their mean, tr(Sigma) = mean |g_i - G|^2.
        var net = new TanhMlp<double>([3, 4, 5, 1], new Rng(7));
        var task = TeacherTask.Generate(new Rng(8), 6, 3, 4, 0.3);
        var x = Tensor.From(task.X, 6, 3);
        var y = Tensor.From(task.Y, 6, 1);
        var perExample = new List<double[]>();
        for (int i = 0; i < 6; i++)
        {
            using var on = Autograd.EnableGrad();
            var (xi, yi) = task.Rows([i]);
            var loss = TanhMlp<double>.SumLoss(net.Forward(Tensor.From(xi, 1, 3)).Output, Tensor.From(yi, 1, 1));
            perExample.Add(Autograd.Grad([loss], net.Parameters).SelectMany(g => g.ToArray()).ToArray());
        }

        int p = perExample[0].Length;
        var mean = Enumerable.Range(0, p).Select(k => perExample.Average(g => g[k])).ToArray();
        double g2 = mean.Sum(v => v * v);
        double trace = perExample.Average(g => g.Select((v, k) => (v - mean[k]) * (v - mean[k])).Sum());

        var measured = net.NoiseScale(x, y);
        Assert.Equal(g2, measured.MeanGradientSquared, 1e-12 * g2);
        Assert.Equal(trace, measured.TraceSigma, 1e-12 * trace);
        Assert.Equal(trace / g2, measured.BSimple, 1e-9 * trace / g2);
        Assert.Equal(3 * 4 + 4 + 4 * 5 + 5 + 5 * 1 + 1, net.ParameterCount);
    }

    [Fact]
    public void In_float32_the_loss_and_the_noise_scale_agree_with_float64_on_the_same_weights()
    {
        // Trained in float64 until the mean gradient is small against the per-example ones (B_simple in the hundreds and
        // more, as near the target), then the same weights in float32: precision=float32 must not move B_simple.
        var task = TeacherTask.Generate(new Rng(3), 512, 8, 16, 0.5);
        var net = new TanhMlp<double>([8, 16, 16, 1], new Rng(4));
        var x = Tensor.From(task.X, 512, 8);
        var y = Tensor.From(task.Y, 512, 1);
        for (int s = 0; s < 400; s++) net.Step(x, y, 0.3);
        var single = new TanhMlp<float>([8, 16, 16, 1], new Rng(4));
        for (int p = 0; p < net.Parameters.Count; p++) single.Parameters[p].CopyFrom(net.Parameters[p].Cast<float>());

        var wide = net.NoiseScale(x, y);
        var narrow = single.NoiseScale(x.Cast<float>(), y.Cast<float>());
        Assert.True(wide.BSimple > 100, $"B_simple {wide.BSimple}: the mean gradient is not yet small");
        Assert.Equal(wide.BSimple, narrow.BSimple, 1e-3 * wide.BSimple);
        Assert.Equal(wide.TraceSigma, narrow.TraceSigma, 1e-4 * wide.TraceSigma);
        double loss = net.Loss(x, y);
        Assert.Equal(loss, single.Loss(x.Cast<float>(), y.Cast<float>()), 1e-5 * loss);
    }

    [Fact]
    public void The_knee_fit_recovers_a_planted_curve_and_the_ring_model_its_formula()
    {
        double[] batches = [2, 8, 32, 128, 512, 2048];
        var curve = batches.Select(b => (b, CriticalBatch.Steps(b, 90, 40))).ToList();
        var (crit, min, rms) = CriticalBatch.Fit(curve);
        Assert.Equal(90, crit, 1e-4 * 90);
        Assert.Equal(40, min, 1e-4 * 40);
        Assert.True(rms < 1e-6);

        // 2 (N - 1) / N x bytes / bandwidth + latency; nothing on one machine.
        Assert.Equal(2 * 3.0 / 4 * 1e6 / 1e9 + 5e-5, RingAllReduce.Seconds(4, 1e6, 1e9, 5e-5), 15);
        Assert.Equal(0, RingAllReduce.Seconds(1, 1e6, 1e9, 5e-5));
        // Perfect scaling (S = 1000 / B) and free communication: speedup N. A flat curve (a larger batch saves no steps): one
        // machine uses the smallest batch, 2, and 8 machines at B = 8 process one example each: speedup 2.
        var perfect = batches.Select(b => (b, 1000 / b)).ToList();
        Assert.Equal(8, RingAllReduce.Speedup(perfect, 8, 1e-6, 0, 1, 0), 9);
        var flat = batches.Select(b => (b, 100.0)).ToList();
        Assert.Equal(2, RingAllReduce.Speedup(flat, 8, 1e-6, 0, 1, 0), 9);
        // Communication costs: a slow link makes N machines slower than one.
        Assert.True(RingAllReduce.Speedup(perfect, 8, 1e-6, 1e6, 1e6, 0) < 1);
    }

    [Fact]
    public void A_planted_violation_of_each_claim_does_not_hold()
    {
        double[] batches = [4, 16, 64, 256, 1024];
        // Planted seeds: S(B) = S_min (1 + B_crit / B) with B_crit 90, fitted by the family's own code.
        DataParallelExperiment.Summary Seed(double crit, double noise) =>
            DataParallelExperiment.Summary.FromCurve(batches.Select(b => (b, CriticalBatch.Steps(b, crit, 40))).ToList(), noise);

        // The knee 30 times below the noise scale in every seed does not hold; at the noise scale the claim holds.
        var far = new[] { 2700.0, 3000, 3300 }.Select(n => Seed(90, n)).ToList();
        Assert.Equal(Verdict.DoesNotHold, DataParallelExperiment.KneeNearNoiseScale.Decide("data-parallel", DataParallelExperiment.KneeEvidence(far)).Verdict);
        var near = new[] { 80.0, 90, 110 }.Select(n => Seed(90, n)).ToList();
        Assert.Equal(Verdict.Holds, DataParallelExperiment.KneeNearNoiseScale.Decide("data-parallel", DataParallelExperiment.KneeEvidence(near)).Verdict);

        // Perfect then diminishing (knee at 90, between the ends) holds; the effect inverted (steps rising with B at the small end,
        // falling as 1/B at the large end) does not.
        var knee = new[] { 80.0, 90, 100 }.Select(c => Seed(c, 100)).ToList();
        Assert.Equal(Verdict.Holds, DataParallelExperiment.ScalingRegimes.DecideAll("data-parallel", DataParallelExperiment.ScalingEvidence(knee)).Verdict);
        var inverted = new[] { 0.5, 0.4, 0.6 }.Select(e => DataParallelExperiment.Summary.FromCurve(
            batches.Select(b => (b, b <= 16 ? 100 * Math.Pow(b, e) : 1e5 * Math.Pow(b, -e - 0.5))).ToList(), 100)).ToList();
        Assert.Equal(Verdict.DoesNotHold, DataParallelExperiment.ScalingRegimes.DecideAll("data-parallel", DataParallelExperiment.ScalingEvidence(inverted)).Verdict);
    }

    [Fact]
    public void A_batch_size_that_never_reached_the_target_is_counted_not_dropped()
    {
        // The second-smallest batch never reached the target: +inf against perfect scaling; the largest: -inf for diminishing returns.
        var curve = new List<(double, double)> { (4, 400), (16, double.PositiveInfinity), (64, 60), (256, 50), (1024, double.PositiveInfinity) };
        var s = DataParallelExperiment.Summary.FromCurve(curve, 100);
        Assert.Equal((double.PositiveInfinity, double.NegativeInfinity), DataParallelExperiment.ScalingExcess(s));
        var reachedAll = DataParallelExperiment.Summary.FromCurve([(4, 400), (16, 100), (64, 60), (256, 50), (1024, 48)], 100);
        var unreached = DataParallelExperiment.UnreachedEnds([reachedAll, s]);
        Assert.Equal(["seed 1: B = 16 never reached the target", "seed 1: B = 1024 never reached the target"], unreached);
        Assert.Empty(DataParallelExperiment.UnreachedEnds([reachedAll]));
    }

    [Fact]
    public void A_tiny_sweep_measures_steps_and_noise_scale_and_decides_both_claims_the_same_on_one_or_two_threads()
    {
        using var one = FamilyRun.Start(new DataParallelExperiment(), Tiny, seeds: 3, threads: 1);
        using var two = FamilyRun.Start(new DataParallelExperiment(), Tiny, seeds: 3, threads: 2);
        Assert.Equal(18, one.Summary.Outcomes.Count);
        Assert.All(one.Analysis.Checks, c => Assert.True(c.Passes, c.Statement));
        Assert.Equal(2, one.Analysis.Claims.Count);
        Assert.All(one.Analysis.Claims, c => Assert.Equal(3, c.N));
        Assert.Equal(one.Analysis.Claims.Select(c => (c.Measured, c.Verdict)), two.Analysis.Claims.Select(c => (c.Measured, c.Verdict)));
        foreach (var spec in one.Plan.Runs)
            foreach (string metric in new[] { "loss", "b_simple", "steps_to_target" })
                Assert.Equal(one.Store.Metric(spec.Id, metric), two.Store.Metric(spec.Id, metric));
        Assert.Contains(one.Analysis.Figures, f => f.FileName == "speedup_model.svg" && f.Caption.StartsWith("A MODEL"));
    }

    [Fact]
    public void A_tiny_sweep_in_float32_reaches_the_target_and_decides_both_claims()
    {
        using var run = FamilyRun.Start(new DataParallelExperiment(), [.. Tiny, "precision=float32"], seeds: 3, threads: 1);
        Assert.Equal(18, run.Summary.Outcomes.Count);
        Assert.All(run.Analysis.Checks, c => Assert.True(c.Passes, c.Statement));
        Assert.All(run.Analysis.Claims, c => Assert.Equal(3, c.N));
        Assert.All(run.Plan.Runs, r => Assert.Contains("\"precision\":\"float32\"", r.ConfigJson));
        // the student really ran in float32: every logged loss is a float32 value (a float64 loss almost never is)
        Assert.All(run.Store.Metric(run.Plan.Runs[0].Id, "loss"), p => Assert.Equal(p.Value, (double)(float)p.Value));
    }

    [Fact]
    public void The_default_precision_leaves_the_run_identity_as_before()
    {
        // precision is [OmitWhenDefault]: the quick preset's runs (float64) carry no precision key, so their ids are unchanged.
        var quick = new DataParallelExperiment().Plan("quick", []);
        Assert.All(quick.Runs, r => Assert.DoesNotContain("precision", r.ConfigJson));
        Assert.All(new DataParallelExperiment().Plan("full", []).Runs, r => Assert.DoesNotContain("precision", r.ConfigJson));
        Assert.All(new DataParallelExperiment().Plan("quick", ["precision=float32"]).Runs,
            r => Assert.Contains("\"precision\":\"float32\"", r.ConfigJson));
    }

    [Fact]
    public void A_batch_size_above_the_training_set_is_refused()
    {
        var e = Assert.Throws<BadInputException>(() => new DataParallelExperiment().Plan("quick", ["train-size=100", "batch-sizes=4,128"]));
        Assert.Contains("at most train-size", e.Message);
        Assert.Contains("precision", Assert.Throws<BadInputException>(() => new DataParallelExperiment().Plan("quick", ["precision=none"])).Message);
    }
}
