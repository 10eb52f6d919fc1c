namespace Tdlab.Experiments.Isometry;

/// <summary>
/// One network: activation, initialisation and depth. <paramref name="Steps"/> = 0 for a spectrum-only run;
/// <paramref name="QStar"/> is 0 except for tanh, so the other runs keep their ids when q* changes.
/// </summary>
public sealed record IsometryRun(
    string Activation, string Init, int Depth, int Width, double QStar, int SpectrumInputs,
    string Data, int TrainSize, int TestSize, int Classes,
    int Steps, int BatchSize, double LearningRate, double Momentum, int GradientSteps, int EvalEvery, string Precision)
{
    public const string Gaussian = "gaussian";
    public const string Orthogonal = "orthogonal";

    public bool Trains => Steps > 0;
}
