namespace Tdlab.Experiments.ImplicitBias;

/// <summary>
/// One run: the shared settings with <see cref="Model"/> linear (GD from w = 0, <see cref="Width"/> 0, <see cref="InitScale"/> 0,
/// <see cref="MaxLearningRate"/> the constant step) or relu-net (the homogeneous net of <see cref="Width"/> units, with the
/// net's steps and step sizes), on separable data in <see cref="Dim"/> dimensions.
/// </summary>
public sealed record ImplicitBiasRun : ImplicitBiasSettings
{
    public ImplicitBiasRun(ImplicitBiasSettings settings) : base(settings)
    {
    }

    public ImplicitBiasModel Model { get; init; }

    public MarginLoss Loss { get; init; }

    public int Dim { get; init; }

    public int Width { get; init; }

    public double MaxLearningRate { get; init; }

    public double InitScale { get; init; }

    public bool IsLinear => Model == ImplicitBiasModel.Linear;
}
