namespace Tdlab.Probes;

/// <summary>
/// Forward-signal statistics per layer: for hidden activations l = 1..L the second moment E[F_l^2] and the
/// variance Var[F_l]; for every Linear layer (the last is the output) the variance of its output.
/// </summary>
public sealed record SignalStatistics(double[] SecondMoment, double[] Variance, double[] PreActivationVariance);
