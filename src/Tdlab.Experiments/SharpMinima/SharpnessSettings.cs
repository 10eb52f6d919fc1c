using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// What every run of sharpness shares: a fixed training subset (the first <see cref="Examples"/> images, average-pooled),
/// a tanh MLP, softmax cross-entropy, the step size, the training-loss target every run trains to, and the measurement of
/// the largest stable GD step at the solution.
/// </summary>
public record SharpnessSettings : ExperimentConfig
{
    /// <summary>fashion-mnist (default), synthetic (a Gaussian mixture, for tests), or an MNIST-format folder.</summary>
    public string Data { get; init; } = "fashion-mnist";

    [AtLeast(10)]
    public int Examples { get; init; } = 500;

    /// <summary>Average pooling of the 28 x 28 images by pool x pool blocks.</summary>
    [Between(1, 28)]
    public int Pool { get; init; } = 4;

    [Positive]
    public int SyntheticDim { get; init; } = 20;

    [Positive]
    public int Width { get; init; } = 32;

    [Positive]
    public int Depth { get; init; } = 2;

    /// <summary>Step size of SGD at every batch size.</summary>
    [Positive]
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Every run trains until its full-batch training loss is at most this ("to the same training loss").</summary>
    [Positive]
    public double TargetLoss { get; init; } = 0.1;

    /// <summary>Cap on the steps of a run (a run that does not reach the target is reported, not compared).</summary>
    [AtLeast(10)]
    public int MaxSteps { get; init; } = 20000;

    /// <summary>Steps between full-batch loss evaluations (the stop test).</summary>
    [Positive]
    public int EvalEvery { get; init; } = 10;

    /// <summary>Hutchinson samples are drawn until the trace's standard error is this fraction of it (at most 500).</summary>
    [Positive]
    public double TraceRelativeError { get; init; } = 0.02;

    /// <summary>GD steps from the solution in one stability trial of the largest stable step.</summary>
    [AtLeast(5)]
    public int StabilitySteps { get; init; } = 50;

    /// <summary>Bisection steps on c in eta = c * 2 / lambda_max, c in [0.5, 2] (resolution about 1.5 / 2^steps).</summary>
    [Between(1, 20)]
    public int BisectionSteps { get; init; } = 8;
}
