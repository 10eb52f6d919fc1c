namespace Tdlab.Nn.Recurrent;

/// <summary>
/// Initialisation of a recurrent cell for signal-propagation experiments. Conventions, per gate block
/// (a stacked GRU/LSTM weight is drawn block by block, each block independently):
/// <list type="bullet">
/// <item>recurrent blocks W_g (H, H): Gaussian W_ij ~ N(0, sigma_w^2 / H), or orthogonal W = sigma_w Q
/// (sigma_w is then the gain; every singular value equals sigma_w);</item>
/// <item>input blocks U_g (H, fan_in): U_ij ~ N(0, sigma_u^2 / fan_in), fan_in = n_in (or H for the
/// minimalRNN's V acting on z_t);</item>
/// <item>biases b_i ~ N(0, sigma_b^2). Cells with PyTorch's two biases (GRU, LSTM) draw bias_ih and set
/// bias_hh = 0, so the effective bias has variance sigma_b^2;</item>
/// <item>the LSTM's forget-gate bias option is added to bias_ih's f block after this.</item>
/// </list>
/// Mean-field RNN theory (Chen, Pennington and Schoenholz 2018) uses exactly these scalings.
/// <see cref="RecurrentWeightInit.Uniform"/> instead gives PyTorch's default for all parameters.
/// </summary>
public sealed record RecurrentInit
{
    /// <summary>PyTorch's default: every parameter U(-1/sqrt(H), 1/sqrt(H)).</summary>
    public static RecurrentInit PyTorch { get; } = new() { Recurrent = RecurrentWeightInit.Uniform };

    public RecurrentWeightInit Recurrent { get; init; } = RecurrentWeightInit.Gaussian;

    /// <summary>Scale of the recurrent weights (Gaussian: std sqrt(sigma_w^2 / H); orthogonal: the gain).</summary>
    public double SigmaW { get; init; } = 1.0;

    /// <summary>Scale of the input weights: std sigma_u / sqrt(fan_in).</summary>
    public double SigmaU { get; init; } = 1.0;

    /// <summary>Standard deviation of the biases (0 gives zero biases).</summary>
    public double SigmaB { get; init; }

    public static RecurrentInit Gaussian(double sigmaW, double sigmaU = 1.0, double sigmaB = 0.0) =>
        new() { Recurrent = RecurrentWeightInit.Gaussian, SigmaW = sigmaW, SigmaU = sigmaU, SigmaB = sigmaB };

    public static RecurrentInit Orthogonal(double gain = 1.0, double sigmaU = 1.0, double sigmaB = 0.0) =>
        new() { Recurrent = RecurrentWeightInit.Orthogonal, SigmaW = gain, SigmaU = sigmaU, SigmaB = sigmaB };
}
