using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// Sweep of the deep-linear family (seed 001, Saxe, McClelland &amp; Ganguli 2013): decoupled runs whose mode
/// strengths are compared with the analytic curve (depth 2 = the 3-layer net) and the reduced ODE (deeper),
/// and learning time against depth for orthogonal and scaled-Gaussian initialisation.
/// Depth counts weight matrices (D = N_l - 1 for N_l layers of units).
/// </summary>
public sealed record DeepLinearConfig : ExperimentConfig
{
    /// <summary>Singular values s_alpha of Sigma31 for the "spectrum" task (input and output dimension = their count).</summary>
    public double[] SingularValues { get; init; } = [3, 2, 1, 0.5];

    /// <summary>Levels of the binary tree of the "hierarchy" task (2^levels items, one output feature per tree node).</summary>
    public int HierarchyLevels { get; init; } = 3;

    /// <summary>Scale of the hierarchy's features (Sigma31 = scale * Y / sqrt(P)).</summary>
    public double HierarchyScale { get; init; } = 2;

    /// <summary>Initial mode strength u_0 of the decoupled 3-layer runs.</summary>
    public double InitialStrength { get; init; } = 1e-3;

    /// <summary>Depths (weight matrices) of the decoupled runs compared with the reduced ODE; depth 2 is always run.</summary>
    public int[] OdeDepths { get; init; } = [3, 4];

    /// <summary>Initial mode strength u_0 = a_0^D of the deeper decoupled runs (their plateau grows like u_0^{-(1 - 2/D)}).</summary>
    public double DeepInitialStrength { get; init; } = 0.02;

    /// <summary>Step size of the decoupled runs: learning rate = step-scale / ((D/2) s_max^{2 - 2/D}), so the fastest mode's rate is the same at every depth.</summary>
    public double StepScale { get; init; } = 0.004;

    /// <summary>Decoupled runs last this many analytic half-times of the slowest mode.</summary>
    public double Horizon { get; init; } = 2.2;

    /// <summary>Depths of the learning-time comparison.</summary>
    public int[] Depths { get; init; } = [2, 4, 8, 16];

    /// <summary>Width (input = hidden = output) of the learning-time nets.</summary>
    public int Width { get; init; } = 8;

    /// <summary>Learning-time nets use learning rate eta / D.</summary>
    public double Eta { get; init; } = 0.05;

    /// <summary>Learning time: first step with loss &lt;= criterion * (1/2) sum_alpha s_alpha^2 (the zero map's loss).</summary>
    public double Criterion { get; init; } = 0.01;

    /// <summary>Steps after which a learning-time run stops (its time is then reported as &gt;= this).</summary>
    public int MaxSteps { get; init; } = 20000;

    /// <summary>Metrics are logged every this many steps (and at the half-time crossings).</summary>
    public int LogEvery { get; init; } = 10;
}
