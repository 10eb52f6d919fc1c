namespace Tdlab.Tensors.Linalg;

/// <summary>
/// Ritz approximations from a Lanczos run: Values (k) descending; Vectors (N, k) row-major with the Ritz
/// vector of Values[j] in column j when requested; ResidualNorms[j] = ||A x_j - Values[j] x_j|| (from
/// the tridiagonal: Remainder * |last component of T's eigenvector|), which bounds the distance of
/// Values[j] to the spectrum of A. Steps is the number of operator applications.
/// </summary>
public sealed record RitzPairs(double[] Values, double[]? Vectors, double[] ResidualNorms, int N, int Steps);
