namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>What a run does: probe a net at initialisation (seed 004 Figure 1) or train it (Figures 2-4).</summary>
public enum Stage
{
    AtInit,
    Train,
}
