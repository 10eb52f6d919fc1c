using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.RnnGating;

/// <summary>
/// Sweep of the rnn-gating family (seed 000 topic 3; issue 5): the shared settings over tasks x models x recurrent
/// inits x sigma_w x T, all models with the same hidden size.
/// </summary>
public sealed record RnnGatingConfig : RnnGatingSettings
{
    [NotEmpty]
    public SequenceTask[] Tasks { get; init; } = [SequenceTask.Copy, SequenceTask.Adding];

    [NotEmpty]
    public RecurrentModel[] Models { get; init; } = [RecurrentModel.Rnn, RecurrentModel.Gru, RecurrentModel.Lstm, RecurrentModel.Minimal];

    /// <summary>Scales sigma_w of Gaussian recurrent weights, W_ij ~ N(0, sigma_w^2 / H): the (sigma_w, T) heatmap axis.</summary>
    [NotEmpty]
    [Positive]
    public double[] Sigmas { get; init; } = [0.5, 1, 2];

    /// <summary>Gains of orthogonal recurrent weights W = sigma_w Q, run beside the Gaussian sweep (empty: none).</summary>
    [Positive]
    public double[] OrthogonalGains { get; init; } = [1];

    /// <summary>Sequence lengths T: the copy task's delay, the adding problem's length.</summary>
    [NotEmpty]
    [AtLeast(2)]
    public int[] Lengths { get; init; } = [10, 20, 40];

    /// <summary>
    /// The other input scale σ_u of the labelled sensitivity runs: the vanilla RNN's Gaussian and orthogonal cells again at this
    /// σ_u (0: none). The claims read only the runs at <see cref="RnnGatingSettings.SigmaU"/>, fixed before running.
    /// </summary>
    [NonNegative]
    public double SensitivitySigmaU { get; init; }
}
