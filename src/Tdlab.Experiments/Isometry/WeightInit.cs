namespace Tdlab.Experiments.Isometry;

/// <summary>
/// How the weights are drawn: <see cref="Gaussian"/> (linear: sigma_w = 1; tanh: critical; relu: Kaiming) or
/// <see cref="Orthogonal"/> (W = sigma_w Q, Q Haar-orthogonal, the same gain).
/// </summary>
public enum WeightInit
{
    Gaussian,
    Orthogonal,
}
