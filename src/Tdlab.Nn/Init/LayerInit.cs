namespace Tdlab.Nn;

/// <summary>The initialisers of a layer's weight and bias.</summary>
public sealed record LayerInit(Initializer Weight, Initializer Bias)
{
    /// <summary>PyTorch's nn.Linear default: W and b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).</summary>
    public static LayerInit Default { get; } = new(Init.PyTorchDefault(), Init.PyTorchDefault());

    /// <summary>
    /// Critical (edge-of-chaos) initialisation for a given (sigma_w, sigma_b): W ~ N(0, sigma_w^2 / fan_in),
    /// b ~ N(0, sigma_b^2) (Poole et al. 2016; Schoenholz et al. 2017).
    /// </summary>
    public static LayerInit Critical(double sigmaW, double sigmaB) => new(Init.Critical(sigmaW), Init.Normal(sigmaB));

    /// <summary>The given weight initialiser with zero biases.</summary>
    public static LayerInit WithZeroBias(Initializer weight) => new(weight, Init.Zeros());
}
