namespace Tdlab.Experiments.ThreeLayer;

/// <summary>One run: the shared settings at one study point (learner, nu, train size, cone cosine, probes).</summary>
public sealed record ThreeLayerRun : ThreeLayerSettings
{
    public ThreeLayerRun(ThreeLayerSettings settings) : base(settings)
    {
    }

    public ThreeLayerRun()
    {
    }

    public Study Study { get; init; }

    public Learner Learner { get; init; }

    public double Nu { get; init; }

    public int TrainSize { get; init; }

    /// <summary>Initial CosSim of the cone initialisation; 0: w drawn by LeCun's rule.</summary>
    public double ConeCos { get; init; }

    /// <summary>Whether the run measures the empirical NTK on its probe batch at every log step (and replicate 0 stores the frames).</summary>
    public bool Probes { get; init; }
}
