namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>
/// One run: width m and <paramref name="Scale"/> = alpha sqrt(m), so alpha = Scale / sqrt(Width);
/// <paramref name="FeatureRegimeMax"/> only marks which runs the analysis treats as feature training.
/// </summary>
public sealed record LazyVsFeatureRun(
    string Data, int Width, double Scale, int InputDim, int TrainSize, int TestSize, int ProbeSize, double StepSize,
    double StopRatio, int MaxSteps, double Beta, double Gain, double HingeBeta, double FeatureRegimeMax)
{
    public double Alpha => Scale / Math.Sqrt(Width);

    /// <summary>The gradient-descent step eta = step-size * min(1, alpha sqrt(m)); time t = steps * eta.</summary>
    public double Eta => StepSize * Math.Min(1, Scale);
}
