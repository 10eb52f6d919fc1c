using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// What the runs of deep-linear carry beside their kind (seed 001, Saxe, McClelland &amp; Ganguli 2013). The sweep
/// (<see cref="DeepLinearConfig"/>) and each run (<see cref="DeepLinearRun"/>) derive from it; a run sets to 0 the
/// settings its kind does not use (the grid does), so run identities are those of the string-typed records before.
/// </summary>
public record DeepLinearSettings : ExperimentConfig
{
    /// <summary>Levels of the binary tree of the "hierarchy" task (2^levels items, one output feature per tree node).</summary>
    [Between(1, 6)]
    public int HierarchyLevels { get; init; } = 3;

    /// <summary>Scale of the hierarchy's features (Sigma31 = scale * Y / sqrt(P)).</summary>
    [Positive]
    public double HierarchyScale { get; init; } = 2;

    /// <summary>Initial mode strength u_0 of the decoupled 3-layer runs.</summary>
    [Positive]
    public double InitialStrength { get; init; } = 1e-3;

    /// <summary>Width (input = hidden = output) of the learning-time nets.</summary>
    [Positive]
    public int Width { get; init; } = 8;

    /// <summary>Learning time: first step with loss &lt;= criterion * (1/2) sum_alpha s_alpha^2 (the zero map's loss).</summary>
    [Positive]
    public double Criterion { get; init; } = 0.01;

    /// <summary>Metrics are logged every this many steps (and at the half-time crossings).</summary>
    [Positive]
    public int LogEvery { get; init; } = 10;
}
