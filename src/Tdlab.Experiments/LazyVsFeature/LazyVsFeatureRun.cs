namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>
/// One run: the shared settings at width <see cref="Width"/> and <see cref="Scale"/> = alpha sqrt(m), so
/// alpha = Scale / sqrt(Width); <see cref="LazyVsFeatureSettings.FeatureRegimeMax"/> only marks which runs the
/// analysis treats as feature training.
/// </summary>
public sealed record LazyVsFeatureRun : LazyVsFeatureSettings
{
    public LazyVsFeatureRun(LazyVsFeatureSettings settings) : base(settings)
    {
    }

    public int Width { get; init; }

    /// <summary>alpha sqrt(m).</summary>
    public double Scale { get; init; }

    /// <summary>Derived (get-only, so not part of the run's identity).</summary>
    public double Alpha => Scale / Math.Sqrt(Width);

    /// <summary>The gradient-descent step eta = step-size * min(1, alpha sqrt(m)); time t = steps * eta.</summary>
    public double Eta => StepSize * Math.Min(1, Scale);
}
