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
        var net = new TanhMlp([3, 4, 5, 1], new Rng(7));
        var task = TeacherTask.Generate(new Rng(8), 6, 3, 4, 0.3);
        var x = Tensor.From(task.X, 6, 3);
        var y = Tensor.From(task.Y, 6, 1);
        var perExample = new List<double[]>();
        for (int i = 0; i < 6; i++)
        {
            using var on = Autograd.EnableGrad();
            var (xi, yi) = task.Rows([i]);
            var loss = TanhMlp.SumLoss(net.Forward(Tensor.From(xi, 1, 3)).Output, Tensor.From(yi, 1, 1));
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
        // The knee 30 times below the noise scale in every seed; at the noise scale the claim holds.
        Assert.Equal(Verdict.DoesNotHold, DataParallelExperiment.KneeNearNoiseScale.Decide("data-parallel", Estimate.Mean(new[] { 0.03, 0.035, 0.04 }.Select(Math.Log10).ToList())).Verdict);
        Assert.Equal(Verdict.Holds, DataParallelExperiment.KneeNearNoiseScale.Decide("data-parallel", Estimate.Mean(new[] { 0.9, 1.1, 1.3 }.Select(Math.Log10).ToList())).Verdict);
        // No scaling at all (slope 0 at the small end) in every seed: "perfect then diminishing" does not hold.
        var noScaling = new List<(string, Estimate)> { ("small", Estimate.Mean([0.5, 0.45, 0.55])), ("large", Estimate.Mean([-0.5, -0.45, -0.55])) };
        Assert.Equal(Verdict.DoesNotHold, DataParallelExperiment.ScalingRegimes.DecideAll("data-parallel", noScaling).Verdict);
        var both = new List<(string, Estimate)> { ("small", Estimate.Mean([-0.5, -0.45, -0.55])), ("large", Estimate.Mean([-0.5, -0.45, -0.55])) };
        Assert.Equal(Verdict.Holds, DataParallelExperiment.ScalingRegimes.DecideAll("data-parallel", both).Verdict);
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
    public void A_batch_size_above_the_training_set_is_refused()
    {
        var e = Assert.Throws<BadInputException>(() => new DataParallelExperiment().Plan("quick", ["train-size=100", "batch-sizes=4,128"]));
        Assert.Contains("at most train-size", e.Message);
    }
}
