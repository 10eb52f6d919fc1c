namespace Tdlab.Tensors.Linalg;

/// <summary>
/// The top singular triplet estimate of A (m, n): Value = sigma = u^T A v = ||A v||, unit U (m) and V (n).
/// Converged is true when ||A^T u - sigma v|| fell to tolerance * sigma within Iterations iterations
/// (each one product with A and one with A^T).
/// </summary>
public sealed record SingularTriplet(double Value, double[] U, double[] V, int Iterations, bool Converged);
