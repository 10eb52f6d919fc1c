using Tdlab.Lab.Metrics;
using Tdlab.Experiments.ThreeLayer;

namespace Tdlab.Experiments.ParameterControl;

/// <summary>The metrics of parameter-control: the three-layer family's (the same declarations) and the toy's.</summary>
public static class ParameterControlMetrics
{
    public static readonly Metric ValidationLoss = ThreeLayerMetrics.ValidationLoss;

    public static readonly Metric TrainLoss = ThreeLayerMetrics.TrainLoss;

    public static readonly Metric TargetVariance = ThreeLayerMetrics.TargetVariance;

    public static readonly Metric CosSim = ThreeLayerMetrics.CosSim;

    public static readonly Metric PretrainLoss = Metric.Of("pretrain_loss", "y^2",
        "g-from-1-D runs: validation MSE of the 1-D learner trained (w = w*) before its g initialises the net, step 0");

    public static readonly Metric ToyGlobal = Metric.Of("toy_global", "trajectories",
        "toy runs: trajectories ending within 0.1 of the global minimum (x*, 0), x* ~ 1.06, at the last step");

    public static readonly Metric ToyLocal = Metric.Of("toy_local", "trajectories",
        "toy runs: trajectories ending within 0.1 of the saddle / 1-D local minimum (x_l, 0), x_l ~ -0.93, at the last step");

    public static readonly Metric ToyTrajectories = Metric.Of("toy_trajectories", "trajectories", "toy runs: trajectories run, at the last step");

    public static readonly Metric ToyNoiselessOffAxis = Metric.Of("toy_noiseless_off_axis", "1",
        "toy 2-D runs: max |y| along noiseless gradient descent from (-0.5, 0) (0 by symmetry), at the last step");

    public static readonly MetricSet All = MetricSet.Of("parameter-control", typeof(ParameterControlMetrics));

    /// <summary>Toy trajectories of replicate 0: (T, 2, P) points (x, y) every 20 steps.</summary>
    public const string ToyPathsArray = "toy_paths";
}
