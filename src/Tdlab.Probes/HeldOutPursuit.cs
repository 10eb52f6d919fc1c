namespace Tdlab.Probes;

/// <summary>
/// <see cref="ProjectionPursuit.HeldOut"/>'s result: the excess kurtosis of the direction found on the fitting half
/// (in-sample, inflated by overfitting), the excess kurtosis of the same direction on the held-out half, and the held-out
/// projection standardised to mean 0 and variance 1.
/// </summary>
public sealed record HeldOutPursuit(double FitKurtosis, double HeldOutKurtosis, double[] HeldOutProjection);
