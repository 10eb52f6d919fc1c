namespace Tdlab.Experiments.ImplicitBias;

/// <summary>The model: a linear classifier in feature space ("linear"), or the 2-homogeneous two-layer ReLU net ("relu-net").</summary>
public enum ImplicitBiasModel
{
    Linear,
    ReluNet,
}
