using Tdlab.Lab.Specs;

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

    /// <summary>The default settings (the lab reads the defaults of [OmitWhenDefault] members from it).</summary>
    public LazyVsFeatureRun()
    {
    }

    public int Width { get; init; }

    /// <summary>alpha sqrt(m).</summary>
    public double Scale { get; init; }

    /// <summary>
    /// A fixed-step control run (&gt; 0): eta is this value whatever alpha sqrt(m), and the run stops once the loss has
    /// halved (it measures t_L/2 only). 0 (the default): the grid's run, eta = step-size * min(step-cap, alpha sqrt(m)).
    /// </summary>
    [OmitWhenDefault]
    [NonNegative]
    public double FixedStep { get; init; }

    /// <summary>
    /// Independent initialisations trained on the replicate's data in this run (&gt; 1: an output-fluctuation run, which
    /// logs delta F over them); 1 (the default): one net, the grid's run.
    /// </summary>
    [OmitWhenDefault]
    [Positive]
    public int Inits { get; init; } = 1;

    public bool IsFluctuation => Inits > 1;

    /// <summary>
    /// The frozen-NTK baseline run of this width (true): the net of the grid's runs at this width, linearised at
    /// initialisation and trained by gradient descent in function space with the kernel Theta_0 (the alpha sqrt(m) -&gt; infinity
    /// limit; <see cref="Scale"/> is 0 and unused); false (the default): a trained net.
    /// </summary>
    [OmitWhenDefault]
    public bool FrozenNtk { get; init; }

    /// <summary>Derived (get-only, so not part of the run's identity).</summary>
    public double Alpha => Scale / Math.Sqrt(Width);

    public bool IsControl => FixedStep > 0;

    /// <summary>
    /// The gradient-descent step eta = step-size * min(step-cap, alpha sqrt(m)), or the control's fixed step, or (frozen-NTK runs) its
    /// alpha sqrt(m) -&gt; infinity limit step-size * step-cap; time t = steps * eta.
    /// </summary>
    public double Eta => IsControl ? FixedStep : FrozenNtk ? StepSize * StepCap : StepSize * Math.Min(StepCap, Scale);
}
