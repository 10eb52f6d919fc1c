namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// One run: <see cref="Activation"/> ReLU (weights N(0, 2 rho / n), biases N(0, E B^2)) or tanh
/// (weights N(0, sigma_w^2 / n), biases N(0, sigma_b^2)); <see cref="Nets"/> independent nets of
/// <see cref="Layers"/> layers, <see cref="Batch"/> inputs each. <see cref="Rho"/> is 0 for tanh and
/// <see cref="SigmaW2"/> 0 for ReLU, as the run identities have always been written.
/// </summary>
public sealed record SignalPropagationRun : SignalPropagationSettings
{
    public SignalPropagationRun(SignalPropagationSettings settings) : base(settings)
    {
    }

    public Nonlinearity Activation { get; init; }

    public int Layers { get; init; }

    public int Nets { get; init; }

    public int Batch { get; init; }

    public double Rho { get; init; }

    public double SigmaW2 { get; init; }

    public double SigmaB2 { get; init; }

    /// <summary>Derived from <see cref="Activation"/> (get-only, so not part of the run's identity).</summary>
    public bool IsRelu => Activation == Nonlinearity.Relu;
}
