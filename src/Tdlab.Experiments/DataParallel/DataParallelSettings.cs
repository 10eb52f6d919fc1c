using Tdlab.Experiments.Common;
using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.DataParallel;

/// <summary>The settings every run of data-parallel shares: the fixed teacher-student task, the student MLP and the target.</summary>
public record DataParallelSettings : ExperimentConfig
{
    /// <summary>Input dimension d of x ~ N(0, I_d).</summary>
    [Positive]
    public int InputDim { get; init; } = 8;

    /// <summary>Hidden width of the teacher y = tanh(x A) a (one hidden layer), its output scaled to unit variance on the training set.</summary>
    [Positive]
    public int TeacherWidth { get; init; } = 16;

    /// <summary>Std of the Gaussian label noise added to the teacher's output.</summary>
    [NonNegative]
    public double LabelNoise { get; init; } = 0.5;

    /// <summary>Training examples n (the gradient noise scale is measured on all of them).</summary>
    [Positive]
    public int TrainSize { get; init; } = 2048;

    /// <summary>Hidden width of the student, a tanh MLP d -> width -> width -> 1.</summary>
    [Positive]
    public int Width { get; init; } = 32;

    /// <summary>
    /// Target training loss as a fraction of the loss of the best constant predictor, (1/2) Var(y): a run's steps to
    /// target is its first evaluated step with loss at most this.
    /// </summary>
    [Between(0.01, 1)]
    public double TargetFraction { get; init; } = 0.22;

    /// <summary>Steps after which a run that has not reached the target stops (its steps to target: none).</summary>
    [Positive]
    public int MaxSteps { get; init; } = 20000;

    /// <summary>Evaluations per e-fold of steps: the loss is evaluated at steps s, s + max(1, s / density), ...</summary>
    [Positive]
    public int EvalDensity { get; init; } = 20;

    /// <summary>
    /// The type the student trains and is evaluated in: float64 (the default, as the family first ran), or float32, about
    /// twice as fast on this CPU (twice the SIMD lanes in the GEMMs, a vectorised tanh); both presets use float64. The
    /// per-example gradient norms of the noise scale are accumulated in float64 either way.
    /// </summary>
    [OmitWhenDefault]
    public Precision Precision { get; init; } = Precision.Float64;
}
