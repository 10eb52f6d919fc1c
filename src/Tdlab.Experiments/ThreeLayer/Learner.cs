namespace Tdlab.Experiments.ThreeLayer;

/// <summary>Which net a three-layer run trains.</summary>
public enum Learner
{
    /// <summary>f(x) = v^T relu(u (w^T x) + b), every parameter trained.</summary>
    ThreeLayer,

    /// <summary>The 1-D learner g(t) = v^T relu(u t + b) on t = w*^T x (w fixed to w*): the baseline of section 4.1.</summary>
    OneD,
}
