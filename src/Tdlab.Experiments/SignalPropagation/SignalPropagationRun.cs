using Tdlab.Lab.Specs;

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

    /// <summary>The default settings (the lab reads the defaults of [OmitWhenDefault] members from it).</summary>
    public SignalPropagationRun()
    {
    }

    public Nonlinearity Activation { get; init; }

    public int Layers { get; init; }

    public int Nets { get; init; }

    public int Batch { get; init; }

    public double Rho { get; init; }

    public double SigmaW2 { get; init; }

    public double SigmaB2 { get; init; }

    /// <summary>Training runs only: SGD steps (0 for the random-net runs, which are then written as before).</summary>
    [OmitWhenDefault]
    public int TrainSteps { get; init; }

    /// <summary>Training runs only: SGD learning rate.</summary>
    [OmitWhenDefault]
    public double LearningRate { get; init; }

    /// <summary>Training runs only: training examples of the synthetic Gaussian mixture.</summary>
    [OmitWhenDefault]
    public int Examples { get; init; }

    /// <summary>Training runs only: input dimension of the synthetic Gaussian mixture.</summary>
    [OmitWhenDefault]
    public int InputDim { get; init; }

    /// <summary>Training runs only: classes of the synthetic Gaussian mixture.</summary>
    [OmitWhenDefault]
    public int Classes { get; init; }

    /// <summary>A trained tanh MLP (the trainability sub-study) rather than a random net (get-only).</summary>
    public bool IsTraining => TrainSteps > 0;

    /// <summary>A random tanh net of the mean-field measurements (get-only).</summary>
    public bool IsRandomTanh => !IsRelu && !IsTraining;

    /// <summary>Derived from <see cref="Activation"/> (get-only, so not part of the run's identity).</summary>
    public bool IsRelu => Activation == Nonlinearity.Relu;
}
