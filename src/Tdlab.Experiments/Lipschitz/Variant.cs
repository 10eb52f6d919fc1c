namespace Tdlab.Experiments.Lipschitz;

/// <summary>How a variants run is regularised: <see cref="Plain"/>, <see cref="WeightDecay"/> (L2) or <see cref="SpectralNorm"/> (Miyato et al. 2018).</summary>
public enum Variant
{
    Plain,
    WeightDecay,
    SpectralNorm,
}
