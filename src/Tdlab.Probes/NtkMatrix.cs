using Tdlab.Tensors.Linalg;

namespace Tdlab.Probes;

/// <summary>
/// An empirical neural tangent kernel on a probe batch: the symmetric (N, N) Gram matrix
/// Theta_ij = grad_w f(x_i) . grad_w f(x_j), row-major in <see cref="Values"/>.
/// </summary>
public sealed record NtkMatrix(double[] Values, int N)
{
    public double this[int i, int j] => Values[i * N + j];

    /// <summary>Frobenius norm ||Theta||_F = sqrt(sum_ij Theta_ij^2).</summary>
    public double FrobeniusNorm => Math.Sqrt(Values.Sum(v => v * v));

    /// <summary>Eigenvalues of Theta, ascending (dense symmetric eigensolver, O(N^3)).</summary>
    public double[] Eigenvalues() => SymmetricEigen.Values(Values, N);

    /// <summary>The smallest eigenvalue lambda_min(Theta), the PL-condition constant of the linearised model.</summary>
    public double MinEigenvalue() => N == 0 ? double.NaN : Eigenvalues()[0];

    /// <summary>||Theta - other||_F / ||other||_F: the relative change of a kernel from a reference (e.g. the one at initialisation).</summary>
    public double RelativeChangeFrom(NtkMatrix reference)
    {
        if (reference.N != N) throw new ArgumentException($"NtkMatrix.RelativeChangeFrom: sizes {N} and {reference.N} differ");
        double diff = 0;
        for (int i = 0; i < Values.Length; i++) diff += (Values[i] - reference.Values[i]) * (Values[i] - reference.Values[i]);
        return Math.Sqrt(diff) / reference.FrobeniusNorm;
    }

    /// <summary>max_ij |Theta_ij - other_ij| / max_ij |other_ij|: how far two computations of one kernel disagree.</summary>
    public double MaxRelativeDifference(NtkMatrix other)
    {
        if (other.N != N) throw new ArgumentException($"NtkMatrix.MaxRelativeDifference: sizes {N} and {other.N} differ");
        double diff = 0, scale = 0;
        for (int i = 0; i < Values.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(Values[i] - other.Values[i]));
            scale = Math.Max(scale, Math.Abs(other.Values[i]));
        }

        return scale > 0 ? diff / scale : diff;
    }
}
