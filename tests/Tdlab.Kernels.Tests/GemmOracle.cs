using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>Test data and an independent double-precision GEMM to check implementations against.</summary>
internal static class GemmOracle
{
    /// <summary>Uniform values in [-1, 1), seeded.</summary>
    public static T[] Random<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = new T[length];
        for (int i = 0; i < length; i++) x[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>A and B stored for the given transposes with leading dimensions padded by <paramref name="pad"/>.</summary>
    public static (T[] A, int Lda, T[] B, int Ldb) Operands<T>(Transpose ta, Transpose tb, int m, int n, int k, int pad, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int ar, int ac) = ta == Transpose.None ? (m, k) : (k, m);
        (int br, int bc) = tb == Transpose.None ? (k, n) : (n, k);
        return (Random<T>(ar * (ac + pad), seed), ac + pad, Random<T>(br * (bc + pad), seed + 1), bc + pad);
    }

    /// <summary>alpha * op(A) * op(B) + beta * C in double, as a dense m x n array.</summary>
    public static double[] Product<T>(Transpose ta, Transpose tb, int m, int n, int k, double alpha,
        T[] a, int lda, T[] b, int ldb, double beta, T[] c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = double.CreateChecked(ta == Transpose.None ? a[i * lda + p] : a[p * lda + i]);
                    double y = double.CreateChecked(tb == Transpose.None ? b[p * ldb + j] : b[j * ldb + p]);
                    s += x * y;
                }

                r[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * double.CreateChecked(c[i * ldc + j]));
            }

        return r;
    }

    /// <summary>
    /// |c - expected| &lt;= 2 (k + 2) u (|alpha| k + |beta|) elementwise, u the unit roundoff of T, entries
    /// bounded by 1: the standard forward error bound of a length-k dot product, with slack.
    /// </summary>
    public static void AssertClose<T>(double[] expected, T[] c, int m, int n, int ldc, int k, double alpha,
        T[] a, T[] b, double beta, string what = "") where T : unmanaged, IFloatingPointIeee754<T>
    {
        double u = double.CreateChecked(T.Epsilon) > 0 && typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);
        double tol = 2 * (k + 2) * u * (Math.Abs(alpha) * k + Math.Abs(beta) + 1);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double got = double.CreateChecked(c[i * ldc + j]);
                double want = expected[i * n + j];
                if (!(Math.Abs(got - want) <= tol))
                    Assert.Fail($"{what}: C[{i},{j}] = {got}, expected {want} (tol {tol:g3})");
            }
    }
}
