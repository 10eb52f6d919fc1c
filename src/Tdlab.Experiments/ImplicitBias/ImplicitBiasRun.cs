namespace Tdlab.Experiments.ImplicitBias;

/// <summary>
/// One run: <paramref name="Model"/> "linear" (GD from w = 0 for <paramref name="Steps"/> steps) or "relu-net"
/// (the homogeneous net of <paramref name="Width"/> units), on separable data in <paramref name="Dim"/> dimensions.
/// </summary>
public sealed record ImplicitBiasRun(
    string Model, string Loss, int Dim, int Points, double Gap, int Steps, double LearningRate, int CheckpointsPerDecade,
    int Width, double MaxLearningRate, double InitScale)
{
    public const string Linear = "linear";
    public const string ReluNet = "relu-net";

    public bool IsLinear => Model == Linear;
}
