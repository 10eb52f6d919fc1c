namespace Tdlab.Experiments.RnnGating;

/// <summary>How the recurrent weights start: Gaussian W_ij ~ N(0, sigma_w^2 / H), or orthogonal W = sigma_w Q.</summary>
public enum WeightInit
{
    Gaussian,
    Orthogonal,
}
