using System.Numerics;

namespace Tdlab.Tensors.Linalg;

/// <summary>
/// Shape checks and the few dense helpers the linear-algebra routines share. Matrices are row-major:
/// element (i, j) of an (m, n) matrix is a[i * n + j].
/// </summary>
internal static class Matrices
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the op unless a holds an (m, n) matrix.</summary>
    public static void Check(string op, string name, int length, int m, int n)
    {
        if (m < 0 || n < 0)
            throw new ArgumentException($"{op}: {name} shape ({m}, {n}) has a negative dimension.", name);
        if ((long)m * n != length)
            throw new ArgumentException(
                $"{op}: {name} has {length} elements but shape ({m}, {n}) needs {(long)m * n}.", name);
    }

    /// <summary>Throws unless a vector has length n.</summary>
    public static void CheckVector(string op, string name, int length, int n)
    {
        if (length != n)
            throw new ArgumentException($"{op}: {name} has length {length}, expected {n}.", name);
    }

    public static double[] ToDouble<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = double.CreateTruncating(x[i]);
        return y;
    }

    /// <summary>(n, m) = (m, n)^T.</summary>
    public static double[] Transpose(ReadOnlySpan<double> a, int m, int n)
    {
        var t = new double[a.Length];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                t[j * m + i] = a[i * n + j];
        return t;
    }

    /// <summary>y = A x for an (m, n) matrix A, accumulated in double.</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, int m, int n, ReadOnlySpan<double> x, Span<double> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var row = a.Slice(i * n, n);
            double s = 0;
            for (int j = 0; j < n; j++) s += double.CreateTruncating(row[j]) * x[j];
            y[i] = s;
        }
    }

    /// <summary>y = A^T x for an (m, n) matrix A, accumulated in double.</summary>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> a, int m, int n, ReadOnlySpan<double> x, Span<double> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        y[..n].Clear();
        for (int i = 0; i < m; i++)
        {
            var row = a.Slice(i * n, n);
            double xi = x[i];
            for (int j = 0; j < n; j++) y[j] += double.CreateTruncating(row[j]) * xi;
        }
    }

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    /// <summary>The Euclidean norm, scaled to avoid overflow and underflow.</summary>
    public static double Norm(ReadOnlySpan<double> x)
    {
        double scale = 0;
        for (int i = 0; i < x.Length; i++) scale = Math.Max(scale, Math.Abs(x[i]));
        if (scale == 0 || double.IsNaN(scale) || double.IsInfinity(scale)) return scale;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = x[i] / scale;
            s += t * t;
        }

        return scale * Math.Sqrt(s);
    }

    /// <summary>y -= c x.</summary>
    public static void SubtractScaled(Span<double> y, double c, ReadOnlySpan<double> x)
    {
        for (int i = 0; i < y.Length; i++) y[i] -= c * x[i];
    }

    /// <summary>x /= ||x||; returns the old norm (0 leaves x unchanged).</summary>
    public static double Normalize(Span<double> x)
    {
        double norm = Norm(x);
        if (norm > 0)
            for (int i = 0; i < x.Length; i++) x[i] /= norm;
        return norm;
    }

    /// <summary>A standard-normal vector scaled to unit length (uniform on the sphere).</summary>
    public static double[] RandomUnit(Tdlab.Tensors.Random.Rng rng, int n)
    {
        var v = new double[n];
        do rng.Normal<double>(v, 0.0, 1.0);
        while (Normalize(v) == 0 && n > 0);
        return v;
    }

    /// <summary>
    /// Flips signs so that the largest-magnitude entry of column j of the (rows, cols) matrix q is positive,
    /// and flips row j of the companion (cols, other) matrix r with it: q r is unchanged. Makes
    /// eigen- and singular-vector signs reproducible across libraries and runs.
    /// </summary>
    public static void FixColumnSigns(Span<double> q, int rows, int cols, Span<double> r, int other)
    {
        for (int j = 0; j < cols; j++)
        {
            double best = 0;
            for (int i = 0; i < rows; i++)
                if (Math.Abs(q[i * cols + j]) > Math.Abs(best)) best = q[i * cols + j];
            if (best >= 0) continue;
            for (int i = 0; i < rows; i++) q[i * cols + j] = -q[i * cols + j];
            for (int k = 0; k < other; k++) r[j * other + k] = -r[j * other + k];
        }
    }
}
