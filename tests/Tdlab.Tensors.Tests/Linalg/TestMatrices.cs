using Tdlab.Tensors.Random;

namespace Tdlab.Tensors.Tests.Linalg;

/// <summary>Naive dense helpers for checking the linear-algebra routines (row-major).</summary>
internal static class TestMatrices
{
    public static double[] Gaussian(int m, int n, ulong seed)
    {
        var a = new double[m * n];
        new Rng(seed, "test-matrix").Normal<double>(a, 0.0, 1.0);
        return a;
    }

    /// <summary>(A + A^T) / 2 of a Gaussian (n, n) matrix.</summary>
    public static double[] Symmetric(int n, ulong seed)
    {
        var a = Gaussian(n, n, seed);
        var s = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                s[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
        return s;
    }

    /// <summary>C (m, n) = A (m, k) B (k, n).</summary>
    public static double[] Multiply(double[] a, double[] b, int m, int k, int n) => Tdlab.Testing.NaiveMatrix.Multiply(a, b, m, k, n);

    public static double[] Transpose(double[] a, int m, int n)
    {
        var t = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                t[j * m + i] = a[i * n + j];
        return t;
    }

    /// <summary>A callback y = A x for a dense symmetric (n, n) matrix.</summary>
    public static Action<ReadOnlySpan<double>, Span<double>> Operator(double[] a, int n) => (x, y) =>
    {
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += a[i * n + j] * x[j];
            y[i] = s;
        }
    };

    /// <summary>A callback y = diag(d) x.</summary>
    public static Action<ReadOnlySpan<double>, Span<double>> Diagonal(double[] d) => (x, y) =>
    {
        for (int i = 0; i < d.Length; i++) y[i] = d[i] * x[i];
    };

    public static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:R})");
    }

    /// <summary>Asserts Q^T Q = I for the (m, k) matrix q (orthonormal columns).</summary>
    public static void AssertOrthonormalColumns(double[] q, int m, int k, double tolerance)
    {
        var gram = Multiply(Transpose(q, m, k), q, k, m, k);
        AssertClose(Identity(k), gram, tolerance);
    }

    public static double[] Identity(int n)
    {
        var e = new double[n * n];
        for (int i = 0; i < n; i++) e[i * n + i] = 1;
        return e;
    }
}
