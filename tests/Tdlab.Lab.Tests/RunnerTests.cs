using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Lab.Tests;

public class RunnerTests
{
    private readonly QuadraticToy _toy = new();

    [Fact]
    public void Stored_losses_follow_the_exact_trajectory()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        ExperimentPlan plan = _toy.Plan("quick", ["learning-rates=0.1,0.5", "curvatures=2", "steps=10"], seeds: 1);
        SweepSummary summary = Sweeps.Run(store, plan);

        Assert.Equal(2, summary.Count(RunStatus.Complete));
        foreach (RunSpec spec in plan.Runs)
        {
            var c = (QuadraticRun)spec.Config;
            (int Step, double Value)[] loss = store.Metric(spec.Id, "loss");
            Assert.Equal(Enumerable.Range(0, 11), loss.Select(p => p.Step));
            for (int k = 0; k <= 10; k++)
            {
                double xk = Math.Pow(1 - c.LearningRate * c.Curvature, k);   // x_k = (1 - lr a)^k
                Assert.Equal(0.5 * c.Curvature * xk * xk, loss[k].Value, 1e-12);
            }

            Assert.Equal(loss[^1].Value, store.Final(spec.Id, "loss"));
            RunRecord record = store.Run(spec.Id)!;
            Assert.Equal(spec.ConfigJson, record.ConfigJson);
            Assert.Equal(spec.Seed, record.Seed);
            Assert.Equal(c.LearningRate, record.Config.GetProperty("learning-rate").GetDouble());
            Assert.NotNull(record.EndedAt);
            Assert.Equal(RunStore.Version, record.Version);
        }

        Assert.Equal(double.NaN, store.Final(plan.Runs[0].Id, "no-such-metric"));
    }

    [Fact]
    public void Nan_loss_marks_the_run_diverged_at_that_step_and_the_sweep_goes_on()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        ExperimentPlan plan = _toy.Plan("quick", ["learning-rates=0.1,0.2,0.3", "nan-learning-rate=0.2", "nan-step=7"], seeds: 1);
        SweepSummary summary = Sweeps.Run(store, plan, threads: 2);

        Assert.Equal(2, summary.Count(RunStatus.Complete));
        RunRecord diverged = store.Runs("toy-quadratic").Single(r => r.Status == RunStatus.Diverged);
        Assert.Equal(7, diverged.DivergedStep);
        Assert.Contains("NaN", diverged.Message);
        (int Step, double Value)[] loss = store.Metric(diverged.Id, "loss");
        Assert.Equal(7, loss[^1].Step);
        Assert.True(double.IsNaN(loss[^1].Value));
    }

    [Fact]
    public void Overflowing_loss_diverges_at_the_first_infinite_step()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        Sweeps.Run(store, _toy.Plan("quick", ["learning-rates=50", "steps=200"], seeds: 1));
        // loss_k = 0.5 * 49^(2k) overflows first at k = ceil(log(2 * MaxValue) / (2 log 49)).
        int expected = (int)Math.Ceiling((Math.Log(double.MaxValue) + Math.Log(2)) / (2 * Math.Log(49)));
        RunRecord run = store.Runs("toy-quadratic").Single();
        Assert.Equal(RunStatus.Diverged, run.Status);
        Assert.Equal(expected, run.DivergedStep);
    }

    [Fact]
    public void Exception_marks_the_run_failed_with_its_message_and_the_sweep_goes_on()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        SweepSummary summary = Sweeps.Run(store, _toy.Plan("quick", ["learning-rates=0.1,0.2,0.3", "fail-learning-rate=0.1"], seeds: 1), threads: 2);

        RunOutcome failed = Assert.Single(summary.Failures);
        Assert.Equal(2, summary.Count(RunStatus.Complete));
        RunRecord record = store.Run(failed.Spec.Id)!;
        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Equal("InvalidOperationException: the toy failed on purpose", record.Message);
        Assert.Equal([0, 1, 2], store.Metric(record.Id, "loss").Select(p => p.Step));
    }

    [Fact]
    public void Stored_metrics_are_bit_identical_on_1_2_and_3_threads()
    {
        ExperimentPlan plan = _toy.Plan("quick", ["learning-rates=0.01,0.1,0.3,0.5,1.9", "curvatures=0.5,1", "noise=0.3"], seeds: 2);
        var dumps = new List<List<string>>();
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var dir = new TempDir();
            RunStore store = RunStore.Open(dir.Path);
            Sweeps.Run(store, plan, threads);
            dumps.Add(Sweeps.Dump(store));
        }

        Assert.Equal(20 * 121 * 2, dumps[0].Count);
        Assert.Equal(dumps[0], dumps[1]);
        Assert.Equal(dumps[0], dumps[2]);
    }

    [Fact]
    public void Arrays_are_written_as_npy_and_referenced_from_the_store()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        ExperimentPlan plan = _toy.Plan("quick", ["learning-rates=0.5", "log-arrays=true", "steps=4"], seeds: 1);
        Sweeps.Run(store, plan);

        ArrayRow row = Assert.Single(store.Arrays(plan.Runs[0].Id));
        Assert.Equal(("trajectory", 4), (row.Name, row.Step));
        byte[] bytes = File.ReadAllBytes(Path.Combine(dir.Path, row.Path));
        Assert.Equal("NUMPY", System.Text.Encoding.ASCII.GetString(bytes, 1, 5));
        double[] data = new double[5];
        Buffer.BlockCopy(bytes, bytes.Length - 40, data, 0, 40);
        Assert.Equal([1, 0.5, 0.25, 0.125, 0.0625], data);
    }
}
