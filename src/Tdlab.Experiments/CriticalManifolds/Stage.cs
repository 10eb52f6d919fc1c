namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>
/// What a run does: probe a net at initialisation (seed 004 Figure 1), train it (Figures 2-4), or look for the most
/// non-Gaussian projection of its last hidden layer's pre-activations over the data (section 3.4.1, Figure 5).
/// </summary>
public enum Stage
{
    AtInit,
    Train,
    Projection,
}
