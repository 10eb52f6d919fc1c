namespace Tdlab.Tensors.Linalg;

/// <summary>
/// The output of s Lanczos steps on a symmetric operator A (N, N): Q^T A Q = T with T tridiagonal,
/// diagonal Alpha (s), off-diagonal Beta (s - 1), and A Q = Q T + Remainder r e_s^T with r unit and
/// orthogonal to Q. Basis (s, N), row j = q_j, when it was kept. A zero in Beta marks a restart after an
/// invariant subspace was found (T is then block diagonal).
/// </summary>
public sealed record LanczosTridiagonal(double[] Alpha, double[] Beta, double Remainder, double[]? Basis, int N)
{
    public int Steps => Alpha.Length;

    /// <summary>T (s, s) as a dense row-major matrix.</summary>
    public double[] ToDense()
    {
        int s = Steps;
        var t = new double[s * s];
        for (int i = 0; i < s; i++)
        {
            t[i * s + i] = Alpha[i];
            if (i + 1 < s) t[i * s + i + 1] = t[(i + 1) * s + i] = Beta[i];
        }

        return t;
    }

    /// <summary>
    /// Gauss quadrature for the spectral density seen from the start vector q_0 (Golub and Welsch 1969):
    /// nodes theta_i = eigenvalues of T, weights tau_i = (first component of T's i-th unit eigenvector)^2,
    /// so that q_0^T f(A) q_0 ~ sum_i tau_i f(theta_i). Stochastic Lanczos quadrature averages these over
    /// random starts (Ghorbani, Krishnan and Xiao 2019). Nodes ascending; weights sum to 1. Cost O(s^3).
    /// </summary>
    public (double[] Nodes, double[] Weights) Quadrature()
    {
        var eig = SymmetricEigen.Decompose(ToDense(), Steps);
        var weights = new double[Steps];
        for (int i = 0; i < Steps; i++) weights[i] = eig.Vectors[i] * eig.Vectors[i];   // row 0, column i
        return (eig.Values, weights);
    }
}
