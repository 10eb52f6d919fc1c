using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.DataParallel;

/// <summary>The metrics of data-parallel, declared once.</summary>
public static class DataParallelMetrics
{
    public static readonly Metric Loss = Metric.Loss("loss", "1",
        "training loss (1/n) sum_i (f(x_i) - y_i)^2 / 2 on all n examples, at the evaluated steps (about eval-density per e-fold)");

    public static readonly Metric Target = Metric.Of("target_loss", "1",
        "the target: target-fraction x (1/2) Var(y) over the training set, logged at step 0");

    public static readonly Metric StepsToTarget = Metric.Of("steps_to_target", "steps",
        "first evaluated step whose loss is at most target_loss, logged at that step (absent when max-steps pass first)");

    public static readonly Metric NoiseScale = Metric.Of("b_simple", "examples",
        "the simple gradient noise scale tr(Sigma) / |G|^2 on all n examples (McCandlish et al. 2018, eq. 2.8), at every fourth evaluation and at the target");

    public static readonly Metric NoiseScaleAtTarget = Metric.Of("b_simple_at_target", "examples",
        "b_simple at the step the run reached the target, logged at that step");

    public static readonly Metric SecondsPerExample = Metric.Of("seconds_per_example", "s",
        "wall-clock time of the training steps (forward, backward, update) over steps x batch size; a timing, not reproducible, used only by the speedup model");

    public static readonly Metric Parameters = Metric.Of("parameters", "1", "number of student parameters, logged at step 0");

    public static readonly MetricSet All = MetricSet.Of("data-parallel", typeof(DataParallelMetrics));
}
