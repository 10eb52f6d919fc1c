namespace Tdlab.Probes;

/// <summary>
/// The most non-Gaussian projection found by <see cref="ProjectionPursuit"/>: its excess kurtosis κ (signed), the
/// projected sample y = Z w (n values, mean 0, variance 1), the direction w in whitened coordinates (unit length), and
/// the iterations its start took.
/// </summary>
public sealed record PursuitResult(double ExcessKurtosis, double[] Projection, double[] Direction, int Iterations);
