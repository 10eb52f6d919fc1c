using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// How the matrix geometries (<see cref="Stiefel{T}"/>, <see cref="Oblique{T}"/>) read a parameter slice: a
/// rank-1 slice (n) is the column (n, 1), a rank-2 slice is its (rows, cols) matrix, a higher rank is
/// (shape[0], rest). The Stiefel formulas are written for a tall n x p matrix (n &gt;= p); a wide slice is
/// handled as its transpose. Work is done in double, row-major.
/// </summary>
internal static class MatrixFrame
{
    /// <summary>(rows, cols) of a slice of the given shape.</summary>
    public static (int Rows, int Cols) Of(Shape shape) => shape.Rank switch
    {
        0 => (1, 1),
        1 => (shape[0], 1),
        _ => (shape[0], shape.Length / shape[0]),
    };

    /// <summary>The tall (n, p) double copy of the (rows, cols) slice x: x itself when rows &gt;= cols, else x^T.</summary>
    public static double[] LoadTall<T>(ReadOnlySpan<T> x, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new double[x.Length];
        if (rows >= cols)
        {
            for (int i = 0; i < x.Length; i++) a[i] = double.CreateTruncating(x[i]);
            return a;
        }

        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                a[j * rows + i] = double.CreateTruncating(x[i * cols + j]);
        return a;
    }

    /// <summary>Writes the tall (n, p) matrix a back into the (rows, cols) slice x (transposing a wide one).</summary>
    public static void StoreTall<T>(ReadOnlySpan<double> a, Span<T> x, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows >= cols)
        {
            for (int i = 0; i < x.Length; i++) x[i] = T.CreateTruncating(a[i]);
            return;
        }

        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                x[i * cols + j] = T.CreateTruncating(a[j * rows + i]);
    }

    /// <summary>C = A^T B for tall (n, p) matrices A and B: (p, p). Cost 2 n p^2 flops.</summary>
    public static double[] TransposeTimes(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int n, int p)
    {
        var c = new double[p * p];
        for (int k = 0; k < n; k++)
        {
            var ak = a.Slice(k * p, p);
            var bk = b.Slice(k * p, p);
            for (int i = 0; i < p; i++)
            {
                double aki = ak[i];
                if (aki == 0) continue;
                var ci = c.AsSpan(i * p, p);
                for (int j = 0; j < p; j++) ci[j] += aki * bk[j];
            }
        }

        return c;
    }

    /// <summary>Z -= A S for a tall (n, p) A and a (p, p) S, in place. Cost 2 n p^2 flops.</summary>
    public static void SubtractProduct(Span<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> s, int n, int p)
    {
        for (int k = 0; k < n; k++)
        {
            var ak = a.Slice(k * p, p);
            var zk = z.Slice(k * p, p);
            for (int i = 0; i < p; i++)
            {
                double aki = ak[i];
                if (aki == 0) continue;
                var si = s.Slice(i * p, p);
                for (int j = 0; j < p; j++) zk[j] -= aki * si[j];
            }
        }
    }
}
