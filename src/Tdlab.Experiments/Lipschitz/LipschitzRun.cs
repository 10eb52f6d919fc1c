namespace Tdlab.Experiments.Lipschitz;

/// <summary>
/// One run: <paramref name="Study"/> "variants" (a training variant at fixed width) or "width" (one width of
/// the double-descent sweep, plain training). <paramref name="Optimizer"/> is "sgd" (momentum 0.9) or "adam".
/// </summary>
public sealed record LipschitzRun(
    string Study, string Variant, string Data, int Depth, int Width, string Activation, string Optimizer,
    int Epochs, int BatchSize, double LearningRate, double WeightDecay, int PowerIterations, double LabelNoise,
    int TrainSize, int TestSize, int InputDim, int Classes, int ProbeSize, int LogEvery)
{
    public const string VariantsStudy = "variants";
    public const string WidthStudy = "width";
    public const string Plain = "plain";
    public const string WeightDecayVariant = "weight-decay";
    public const string SpectralNormVariant = "spectral-norm";

    public bool IsVariant => Study == VariantsStudy;

    public bool IsWidth => Study == WidthStudy;

    /// <summary>Weight layers of the MLP (hidden layers + output).</summary>
    public int Layers => Depth + 1;
}
