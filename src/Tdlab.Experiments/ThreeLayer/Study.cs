namespace Tdlab.Experiments.ThreeLayer;

/// <summary>Which part of the three-layer family a run belongs to.</summary>
public enum Study
{
    /// <summary>H1 and the CosSim analysis: three-layer (LeCun w) and 1-D learner over nu (section 4.2); the phase probes (4.3, 4.6) ride on it.</summary>
    Comparison,

    /// <summary>The cone initialisation, initial CosSim fixed to c (section 4.2.1, Fig. 4.5).</summary>
    Cone,

    /// <summary>The train-set-size phenomenon (section 4.7, Fig. 4.16): d = 100, the same number of steps for every size.</summary>
    TrainSize,
}
