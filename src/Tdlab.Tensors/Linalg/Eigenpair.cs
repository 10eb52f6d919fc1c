namespace Tdlab.Tensors.Linalg;

/// <summary>
/// An eigenvalue estimate with its unit vector: Value = v^T A v (the Rayleigh quotient of Vector).
/// Converged is true when the residual ||A v - Value v|| fell to tolerance * |Value| within Iterations
/// operator applications; for symmetric A that residual bounds |Value - lambda| for some eigenvalue lambda.
/// </summary>
public sealed record Eigenpair(double Value, double[] Vector, int Iterations, bool Converged);
