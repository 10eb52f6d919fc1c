namespace Tdlab.Experiments.InitVariance;

/// <summary>One run: a scheme ("normal" with <paramref name="Sigma"/>, or "xavier" / "kaiming" with Sigma 0).</summary>
public sealed record InitVarianceRun(
    string Data, int Depth, int Width, string Scheme, double Sigma, int Epochs, int BatchSize,
    double LearningRate, int TrainSize, int TestSize, int InputDim, int Classes, string Precision)
{
    public const string Normal = "normal";

    /// <summary>Derived from <see cref="Scheme"/> (get-only, so not part of the run's identity).</summary>
    public bool IsSweep => Scheme == Normal;
}
