namespace Tdlab.Experiments.ImplicitBias;

/// <summary>The exponentially tailed loss of the margin z = y f(x): exponential e^{-z}, or logistic ln(1 + e^{-z}).</summary>
public enum MarginLoss
{
    Exponential,
    Logistic,
}
