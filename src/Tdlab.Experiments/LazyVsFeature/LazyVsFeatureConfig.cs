using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>
/// Sweep of the lazy-vs-feature family: the shared settings, widths m times a log grid of alpha sqrt(m).
/// </summary>
public sealed record LazyVsFeatureConfig : LazyVsFeatureSettings
{
    /// <summary>Hidden widths m (three hidden layers each).</summary>
    [NotEmpty]
    [Positive]
    public int[] Widths { get; init; } = [32, 64, 128];

    /// <summary>Smallest alpha sqrt(m) of the grid.</summary>
    [Positive]
    public double ScaleMin { get; init; } = 0.01;

    /// <summary>Largest alpha sqrt(m) of the grid.</summary>
    [Positive]
    public double ScaleMax { get; init; } = 100;

    /// <summary>Log-spaced alpha sqrt(m) values.</summary>
    [Positive]
    [AtMost(10_000)]
    public int ScaleCount { get; init; } = 7;

    /// <summary>
    /// Also run, at every width and every grid alpha sqrt(m) &lt;= feature-regime-max, a control with the fixed step
    /// step-size * scale-min (the grid's smallest step) that stops once the loss has halved: t_L/2 without the step
    /// proportional to alpha sqrt(m).
    /// </summary>
    [OmitWhenDefault]
    public bool FixedStepControl { get; init; }

    /// <summary>Initialisations per output-fluctuation run (one run per width at alpha sqrt(m) = fluctuation-scale); 0 (default): no such runs.</summary>
    [OmitWhenDefault]
    [NonNegative]
    [AtMost(1000)]
    public int FluctuationInits { get; init; }

    /// <summary>
    /// Also run, per width, the frozen-NTK baseline (Geiger et al. 2020, Fig. 3b): gradient descent of the model linearised at
    /// initialisation (the alpha sqrt(m) -&gt; infinity limit) on the same loss, step and stop rule; false (default): no such runs.
    /// </summary>
    [OmitWhenDefault]
    public bool FrozenNtkBaseline { get; init; }

    /// <summary>alpha sqrt(m) of the output-fluctuation runs.</summary>
    [OmitWhenDefault]
    [Positive]
    public double FluctuationScale { get; init; } = 10;
}
