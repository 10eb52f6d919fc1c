namespace Tdlab.Nn;

/// <summary>Which fan a variance-preserving initialiser divides by (He et al. 2015, sec. 2.2).</summary>
public enum FanMode
{
    /// <summary>fan_in = number of inputs of a unit: preserves the forward-pass variance.</summary>
    FanIn,

    /// <summary>fan_out = number of outputs: preserves the backward-pass (gradient) variance.</summary>
    FanOut,
}
