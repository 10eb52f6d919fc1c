using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// Sweep of the deep-linear family (seed 001, Saxe, McClelland &amp; Ganguli 2013): decoupled runs whose mode
/// strengths are compared with the analytic curve (depth 2 = the 3-layer net) and the reduced ODE (deeper),
/// and learning time against depth for orthogonal and scaled-Gaussian initialisation.
/// Depth counts weight matrices (D = N_l - 1 for N_l layers of units).
/// </summary>
public sealed record DeepLinearConfig : DeepLinearSettings
{
    /// <summary>Singular values s_alpha of Sigma31 for the "spectrum" task (input and output dimension = their count).</summary>
    [NotEmpty]
    [Positive]
    public double[] SingularValues { get; init; } = [3, 2, 1, 0.5];

    /// <summary>Depths (weight matrices) of the decoupled runs compared with the reduced ODE; depth 2 is always run.</summary>
    [AtLeast(2)]
    public int[] OdeDepths { get; init; } = [3, 4];

    /// <summary>Initial mode strength u_0 = a_0^D of the deeper decoupled runs (their plateau grows like u_0^{-(1 - 2/D)}).</summary>
    [Positive]
    public double DeepInitialStrength { get; init; } = 0.02;

    /// <summary>Step size of the decoupled runs: learning rate = step-scale / ((D/2) s_max^{2 - 2/D}), so the fastest mode's rate is the same at every depth.</summary>
    [Positive]
    public double StepScale { get; init; } = 0.004;

    /// <summary>Decoupled runs last this many analytic half-times of the slowest mode (more than 1).</summary>
    [Positive]
    public double Horizon { get; init; } = 2.2;

    /// <summary>Depths of the learning-time comparison.</summary>
    [NotEmpty]
    [Positive]
    public int[] Depths { get; init; } = [2, 4, 8, 16];

    /// <summary>Learning-time nets use learning rate eta / D.</summary>
    [Positive]
    public double Eta { get; init; } = 0.05;

    /// <summary>
    /// Typical |u_a(0)| of the small random-init mode runs (D = 2, width = width, the spectrum task): each W_l i.i.d.
    /// N(0, sigma^2) with sigma^D h^{(D-1)/2} = this. 0 (the default, as before) runs none.
    /// </summary>
    [OmitWhenDefault]
    [NonNegative]
    public double RandomInitStrength { get; init; }

    /// <summary>Steps after which a learning-time run stops (its time is then reported as &gt;= this).</summary>
    [Positive]
    public int MaxSteps { get; init; } = 20000;
}
