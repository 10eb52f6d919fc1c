namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// One run: the shared settings with its <see cref="Kind"/>, <see cref="Task"/>, depth and step size.
/// <see cref="SingularValues"/> is the spectrum as invariant text "3,2,1,0.5" ("" for the hierarchy task), as the
/// run identity has always held it.
/// </summary>
public sealed record DeepLinearRun : DeepLinearSettings
{
    public DeepLinearRun(DeepLinearSettings settings) : base(settings)
    {
    }

    public RunKind Kind { get; init; }

    public TaskKind Task { get; init; }

    /// <summary>Weight matrices D.</summary>
    public int Depth { get; init; }

    public string SingularValues { get; init; } = "";

    public double LearningRate { get; init; }

    public int Steps { get; init; }

    /// <summary>tau = 1 / learning rate, in steps.</summary>
    public double Tau => 1 / LearningRate;
}
