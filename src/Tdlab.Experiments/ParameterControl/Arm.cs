namespace Tdlab.Experiments.ParameterControl;

/// <summary>What a parameter-control run fixes or initialises (seed 003, sections 4.4-4.5).</summary>
public enum Arm
{
    /// <summary>The reference: w by LeCun's rule or the cone initialisation, g random, everything trained.</summary>
    Baseline,

    /// <summary>H4: w initialised to w*, everything trained.</summary>
    WStar,

    /// <summary>The 1-D learner (w fixed to w*, g trained): H4's reference.</summary>
    OneD,

    /// <summary>H5: g fixed to g*(t) = sin(nu pi t), only w trained.</summary>
    FixedG,

    /// <summary>H6: g initialised from a 1-D learner trained on the same data, everything trained.</summary>
    GFromOneD,

    /// <summary>H7: a bottleneck of k &gt; 1 (W k x d, U m x k), everything trained.</summary>
    Bottleneck,

    /// <summary>The 2-D toy: noisy gradient descent on (x, y).</summary>
    Toy2D,

    /// <summary>The 2-D toy with y fixed to its optimum 0.</summary>
    Toy1D,
}
