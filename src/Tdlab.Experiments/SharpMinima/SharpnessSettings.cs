using Tdlab.Experiments.Common;
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

    /// <summary>
    /// The precision of SGD training (batch-size and outlier runs): float64 (before this setting existed) or float32. The
    /// measurements at the start and at the solution (Lanczos, Hutchinson, SLQ, the largest stable step) are float64 on a float64
    /// copy of the weights either way.
    /// </summary>
    [OmitWhenDefault]
    public Precision Precision { get; init; } = Precision.Float64;

    // Outlier sub-study (runs with Classes > 0): the Hessian spectrum's outliers against the number of classes.

    /// <summary>Outliers: K, the top Hessian eigenvalues computed by Lanczos among which the outliers are counted.</summary>
    [OmitWhenDefault]
    [AtLeast(2)]
    public int OutlierTop { get; init; } = 30;

    /// <summary>Outliers: Rademacher starts of the SLQ density whose 0.99 quantile is the bulk edge.</summary>
    [OmitWhenDefault]
    [AtLeast(2)]
    public int SlqVectors { get; init; } = 10;

    /// <summary>Outliers: Lanczos steps per SLQ start.</summary>
    [OmitWhenDefault]
    [AtLeast(2)]
    public int SlqSteps { get; init; } = 60;

    /// <summary>Outliers: SGD batch size of the class-subset runs.</summary>
    [OmitWhenDefault]
    [Positive]
    public int OutlierBatch { get; init; } = 10;

    // Second-order sub-study (runs with a Method): a teacher-student regression net.

    /// <summary>Regression: examples x ~ N(0, I) in R^regression-dim.</summary>
    [OmitWhenDefault]
    [AtLeast(2)]
    public int RegressionExamples { get; init; } = 64;

    [OmitWhenDefault]
    [Positive]
    public int RegressionDim { get; init; } = 5;

    /// <summary>Regression: hidden width of the tanh teacher (targets y = teacher(x), no noise).</summary>
    [OmitWhenDefault]
    [Positive]
    public int TeacherWidth { get; init; } = 4;

    /// <summary>Regression: hidden width of the tanh student every method trains from the same initial point.</summary>
    [OmitWhenDefault]
    [Positive]
    public int StudentWidth { get; init; } = 8;

    /// <summary>Regression: every method runs until (1/2) mean (f - y)^2 is at most this.</summary>
    [OmitWhenDefault]
    [Positive]
    public double RegressionTarget { get; init; } = 1e-4;

    /// <summary>Regression: cap on GD and Adam iterations.</summary>
    [OmitWhenDefault]
    [AtLeast(10)]
    public int FirstOrderMaxSteps { get; init; } = 5000;

    /// <summary>Regression: cap on Newton and Gauss-Newton iterations (accepted and rejected steps).</summary>
    [OmitWhenDefault]
    [AtLeast(2)]
    public int SecondOrderMaxSteps { get; init; } = 200;

    /// <summary>Regression: Adam's step size (full batch, beta = (0.9, 0.999)).</summary>
    [OmitWhenDefault]
    [Positive]
    public double AdamLearningRate { get; init; } = 0.01;

    /// <summary>Regression: initial Levenberg-Marquardt damping mu of (A + mu I) d = -g (divided by 3 after a step that lowers the loss, multiplied by 4 after one that does not).</summary>
    [OmitWhenDefault]
    [Positive]
    public double Damping { get; init; } = 1e-3;

    /// <summary>Regression: Adam iterations between comparisons of its second moment with the exact Gauss-Newton diagonal.</summary>
    [OmitWhenDefault]
    [Positive]
    public int AlignEvery { get; init; } = 50;
}
