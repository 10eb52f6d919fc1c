using Tdlab.Experiments.Common;
using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.RnnGating;

/// <summary>
/// What every run of rnn-gating shares: the hidden size, the tasks' sizes, the input scale, the optimiser with
/// global gradient-norm clipping, and the logging and probing schedule. The sweep (<see cref="RnnGatingConfig"/>)
/// and each run (<see cref="RnnGatingRun"/>) derive from it.
/// </summary>
public record RnnGatingSettings : ExperimentConfig
{
    [Positive]
    public int Hidden { get; init; } = 32;

    /// <summary>Symbols k to remember in the copy task.</summary>
    [Positive]
    public int CopySymbols { get; init; } = 3;

    /// <summary>Alphabet size of the copy task (8 in Arjovsky et al. 2016).</summary>
    [AtLeast(2)]
    public int Alphabet { get; init; } = 4;

    /// <summary>
    /// Input-weight scale sigma_u (std sigma_u / sqrt(fan_in)). Small, as in the literature (Le, Jaitly and Hinton 2015 draw
    /// input weights from N(0, 0.001), sigma_u ≈ 0.05 for their 2 inputs): the vanilla RNN's recurrent Jacobian diag(phi') W
    /// is an isometry only in tanh's linear regime, q* -> 0 (Chen, Pennington and Schoenholz 2018), so sigma_u = 1 saturates
    /// tanh and puts even orthogonal W with gain 1 in the vanishing regime, hiding what the recurrent init does.
    /// </summary>
    [NonNegative]
    public double SigmaU { get; init; } = 0.1;

    /// <summary>Added to the LSTM's forget-gate bias at init (1 as in Jozefowicz et al. 2015).</summary>
    public double ForgetBias { get; init; } = 1.0;

    /// <summary>
    /// Added at init to the bias of the gate that keeps the old state: the GRU's update gate z (h' = (1 - z) n + z h) and
    /// the minimalRNN's u (h' = u h + (1 - u) z). A bias b gives the gate sigmoid(b) at zero input, a memory timescale
    /// 1 / (1 - sigmoid(b)) = 1 + e^b steps (Chen, Pennington and Schoenholz 2018's critical gated init chooses a long
    /// one). 0 (the default, and every run stored before issue 11) leaves the gate at 1/2, which halves the gradient
    /// every step at every σ_w.
    /// </summary>
    [OmitWhenDefault]
    public double UpdateBias { get; init; }

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    [Positive]
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>Global gradient-norm clip (Pascanu et al. 2013); 0 disables clipping.</summary>
    [NonNegative]
    public double ClipNorm { get; init; } = 1.0;

    [Positive]
    public int Steps { get; init; } = 200;

    [Positive]
    public int BatchSize { get; init; } = 32;

    /// <summary>Training loss is logged as the mean over this many steps.</summary>
    [Positive]
    public int LogEvery { get; init; } = 20;

    /// <summary>Hidden-state gradient norms are probed at this many evenly spaced steps after step 0.</summary>
    [Positive]
    [AtMost(10_000)]
    public int ProbeCount { get; init; } = 2;

    /// <summary>Sequences in the fixed probe batch.</summary>
    [Positive]
    public int ProbeBatch { get; init; } = 32;

    /// <summary>Sequences in the held-out batch that gives the final loss.</summary>
    [Positive]
    public int EvalBatch { get; init; } = 256;

    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>
    /// The precision of the ||dL/dh_t|| probe: a copy of the trained weights in this type, on the same probe batch.
    /// float64 where the profile spans more decades than float32 holds: at T = 200 the vanilla RNN's norms reach 1e28 at
    /// σ_w = 3 (whose sum of squares overflows float32) and underflow below 1e-38 at small σ_w, where the fit of the slope
    /// then sees zeros. None (the default, every run stored before issue 17): the training precision.
    /// </summary>
    [OmitWhenDefault]
    public Precision ProbePrecision { get; init; }
}
