using System.Numerics.Tensors;
using Tdlab.Kernels;
using Tdlab.Tensors.Linalg;

namespace Tdlab.Nn.Optim;

/// <summary>
/// The large-slice arithmetic of <see cref="Stiefel{T}"/>: the projection of eq. 23 through the packed GEMM, and the QR
/// retraction qf(M) of eq. 24 by Cholesky QR with one re-orthogonalisation pass (CholeskyQR2; Fukaya, Nakatsukasa,
/// Yanagisawa and Yamamoto 2014, "CholeskyQR2: a simple and communication-avoiding algorithm for computing a tall-skinny
/// QR factorization"). Both give the same Q as the Householder path to rounding: Cholesky's R has a positive diagonal,
/// so the product R = R_2 R_1 does too, and the QR with diag(R) &gt; 0 is unique. CholeskyQR2 is accurate to machine
/// precision in orthogonality when cond(M) &lt;&lt; 1e8; a retraction's M = W + xi with W orthonormal and xi (nearly)
/// tangent has M^T M = I + xi^T xi, cond close to 1. A pivot that is not positive (rank loss, NaN) falls back to
/// <see cref="Qr.Decompose(ReadOnlySpan{double}, int, int)"/>. Cost for a tall (n, p) slice: the projection 4 n p^2
/// flops in GEMM; the retraction per pass n p^2 (GEMM for M^T M) + p^3 / 3 (Cholesky) + n p^2 (substitution, vectorised
/// rows), against 8 n p^2 - 8 p^3 / 3 scalar column-strided flops for Householder with Q.
/// </summary>
internal static class StiefelKernels
{
    /// <summary>Slices with n p^2 at least this (a 100 x 100 slice) use these kernels; smaller ones keep the reference loops and their bits (the quick preset: 32 x 32 and 784 x 32).</summary>
    public const long LargeSlice = 1_000_000;

    public static bool IsLarge(int n, int p) => (long)n * p * p >= LargeSlice;

    /// <summary>z &lt;- z - a sym(a^T z) for tall (n, p) a and z (eq. 23), through GEMM.</summary>
    public static void Project(double[] a, double[] z, int n, int p)
    {
        var s = new double[p * p];
        Gemm.Compute(Transpose.Transpose, Transpose.None, p, p, n, 1.0, a, p, z, p, 0.0, s, p);   // W^T G (p, p)
        for (int i = 0; i < p; i++)
            for (int j = i; j < p; j++)
                s[i * p + j] = s[j * p + i] = 0.5 * (s[i * p + j] + s[j * p + i]);
        Gemm.Compute(Transpose.None, Transpose.None, n, p, p, -1.0, a, p, s, p, 1.0, z, p);        // Z -= W sym(W^T G)
    }

    /// <summary>The Q factor (n, p) of the tall (n, p) matrix a with diag(R) &gt; 0, by CholeskyQR2.</summary>
    public static double[] QFactor(double[] a, int n, int p)
    {
        var qt = new double[p * n];                                  // Q^T (p, n): its rows are Q's columns, contiguous
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
                qt[j * n + i] = a[i * p + j];
        if (!CholeskyPass(qt, n, p) || !CholeskyPass(qt, n, p))
            return Qr.Decompose(a, n, p).Q;
        var q = new double[n * p];
        for (int j = 0; j < p; j++)
            for (int i = 0; i < n; i++)
                q[i * p + j] = qt[j * n + i];
        return q;
    }

    /// <summary>
    /// One Cholesky QR pass on M^T held as its rows (p, n): C = M^T M = L L^T, then M &lt;- M L^{-T}, i.e. row j of M^T
    /// becomes (m_j - sum_{i &lt; j} L_ji q_i) / L_jj. False when a pivot is not positive.
    /// </summary>
    private static bool CholeskyPass(double[] mt, int n, int p)
    {
        var l = new double[p * p];
        Gemm.Compute(Transpose.None, Transpose.Transpose, p, p, n, 1.0, mt, n, mt, n, 0.0, l, p);   // C = M^T M
        for (int j = 0; j < p; j++)                                                                  // C <- L (lower), row by row
        {
            var lj = l.AsSpan(j * p, p);
            for (int i = 0; i < j; i++)
                lj[i] = (lj[i] - TensorPrimitives.Dot<double>(lj[..i], l.AsSpan(i * p, i))) / l[i * p + i];
            double d = lj[j] - TensorPrimitives.Dot<double>(lj[..j], lj[..j]);
            if (!(d > 0)) return false;
            lj[j] = Math.Sqrt(d);
        }

        for (int j = 0; j < p; j++)
        {
            var row = mt.AsSpan(j * n, n);
            for (int i = 0; i < j; i++)
                TensorPrimitives.MultiplyAdd<double>(mt.AsSpan(i * n, n), -l[j * p + i], row, row);
            TensorPrimitives.Multiply<double>(row, 1.0 / l[j * p + j], row);
        }

        return true;
    }
}
