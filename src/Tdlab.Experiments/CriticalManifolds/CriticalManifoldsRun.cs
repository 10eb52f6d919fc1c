using Tdlab.Experiments.Isometry;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>
/// One net: the shared settings with its stage, nonlinearity, initialisation, weight geometry and q*. A run at
/// initialisation has zero training settings and geometry Euclidean; a trained run starts orthogonal.
/// </summary>
public sealed record CriticalManifoldsRun : CriticalManifoldsSettings
{
    public CriticalManifoldsRun(CriticalManifoldsSettings settings) : base(settings)
    {
    }

    public Stage Stage { get; init; }

    /// <summary>Tanh (critical) or Linear (sigma_w = 1, no bias, inputs scaled as for tanh at this q*).</summary>
    public Nonlinearity Activation { get; init; }

    public WeightInit Init { get; init; }

    public WeightGeometry Geometry { get; init; }

    /// <summary>The fixed point q* of the length map; (sigma_w, sigma_b) follow from chi = 1 (seed 004 eqs. 3-5).</summary>
    public double QStar { get; init; }

    /// <summary>Derived (get-only, not part of the identity).</summary>
    public bool Trains => Stage == Stage.Train;
}
