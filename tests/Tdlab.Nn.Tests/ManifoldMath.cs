using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>Dense helpers for the manifold-geometry tests, row-major double matrices.</summary>
internal static class ManifoldMath
{
    /// <summary>(m, k) = (m, n) (n, k).</summary>
    public static double[] Mul(double[] a, double[] b, int m, int n, int k)
    {
        var c = new double[m * k];
        for (int i = 0; i < m; i++)
            for (int l = 0; l < n; l++)
                for (int j = 0; j < k; j++)
                    c[i * k + j] += a[i * n + l] * b[l * k + j];
        return c;
    }

    public static double[] T(double[] a, int m, int n)
    {
        var t = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                t[j * m + i] = a[i * n + j];
        return t;
    }

    /// <summary>||A^T A - I||_F for (n, p) A.</summary>
    public static double OrthonormalityError(double[] a, int n, int p)
    {
        var g = Mul(T(a, n, p), a, p, n, p);
        double s = 0;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
            {
                double e = g[i * p + j] - (i == j ? 1 : 0);
                s += e * e;
            }

        return Math.Sqrt(s);
    }

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    public static double[] Gaussian(ulong seed, string name, int n)
    {
        var x = new double[n];
        new Rng(seed, name).Normal<double>(x, 0.0, 1.0);
        return x;
    }

    /// <summary>A = Q diag(lambda) Q^T with a Haar-random Q (n, n): a symmetric matrix with the given spectrum.</summary>
    public static double[] WithSpectrum(ulong seed, double[] lambda)
    {
        int n = lambda.Length;
        var q = Orthogonal.Haar(new Rng(seed, "Q"), n, n);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int l = 0; l < n; l++)
                    a[i * n + j] += q[i * n + l] * lambda[l] * q[j * n + l];
        return a;
    }

    /// <summary>A trainable tensor holding x, shaped.</summary>
    public static Tensor<double> Parameter(double[] x, params int[] shape)
    {
        var t = Tensor.From(x, shape);
        t.RequiresGrad = true;
        return t;
    }
}
