using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.RnnGating;

/// <summary>
/// Sweep of the rnn-gating family (seed 000 topic 3; issue 5): tasks x models x recurrent inits x sigma_w x T,
/// all models with the same hidden size, trained with Adam (or SGD) and global gradient-norm clipping.
/// </summary>
public sealed record RnnGatingConfig : ExperimentConfig
{
    /// <summary>"copy" and/or "adding".</summary>
    public string[] Tasks { get; init; } = ["copy", "adding"];

    /// <summary>"rnn" (vanilla tanh), "gru", "lstm", "minimal" (minimalRNN).</summary>
    public string[] Models { get; init; } = ["rnn", "gru", "lstm", "minimal"];

    /// <summary>Scales sigma_w of Gaussian recurrent weights, W_ij ~ N(0, sigma_w^2 / H): the (sigma_w, T) heatmap axis.</summary>
    public double[] Sigmas { get; init; } = [0.5, 1, 2];

    /// <summary>Gains of orthogonal recurrent weights W = sigma_w Q, run beside the Gaussian sweep (empty: none).</summary>
    public double[] OrthogonalGains { get; init; } = [1];

    /// <summary>Sequence lengths T: the copy task's delay, the adding problem's length.</summary>
    public int[] Lengths { get; init; } = [10, 20, 40];

    public int Hidden { get; init; } = 32;

    /// <summary>Symbols k to remember in the copy task.</summary>
    public int CopySymbols { get; init; } = 3;

    /// <summary>Alphabet size of the copy task (8 in Arjovsky et al. 2016).</summary>
    public int Alphabet { get; init; } = 4;

    /// <summary>
    /// Input-weight scale sigma_u (std sigma_u / sqrt(fan_in)). Small, as in the literature (Le, Jaitly and Hinton 2015 draw
    /// input weights from N(0, 0.001), sigma_u ≈ 0.05 for their 2 inputs): the vanilla RNN's recurrent Jacobian diag(phi') W
    /// is an isometry only in tanh's linear regime, q* -> 0 (Chen, Pennington and Schoenholz 2018), so sigma_u = 1 saturates
    /// tanh and puts even orthogonal W with gain 1 in the vanishing regime, hiding what the recurrent init does.
    /// </summary>
    public double SigmaU { get; init; } = 0.1;

    /// <summary>Added to the LSTM's forget-gate bias at init (1 as in Jozefowicz et al. 2015).</summary>
    public double ForgetBias { get; init; } = 1.0;

    /// <summary>"adam" or "sgd".</summary>
    public string Optimizer { get; init; } = "adam";

    public double LearningRate { get; init; } = 1e-2;

    /// <summary>Global gradient-norm clip (Pascanu et al. 2013); 0 disables clipping.</summary>
    public double ClipNorm { get; init; } = 1.0;

    public int Steps { get; init; } = 200;

    public int BatchSize { get; init; } = 32;

    /// <summary>Training loss is logged as the mean over this many steps.</summary>
    public int LogEvery { get; init; } = 20;

    /// <summary>Hidden-state gradient norms are probed at this many evenly spaced steps after step 0.</summary>
    public int ProbeCount { get; init; } = 2;

    /// <summary>Sequences in the fixed probe batch.</summary>
    public int ProbeBatch { get; init; } = 32;

    /// <summary>Sequences in the held-out batch that gives the final loss.</summary>
    public int EvalBatch { get; init; } = 256;

    /// <summary>"float32" or "float64".</summary>
    public string Precision { get; init; } = "float32";
}
