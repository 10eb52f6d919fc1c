using Tdlab.Tensors.Linalg;

namespace Tdlab.Probes.Hessian;

/// <summary>
/// A dense symmetric matrix (n, n), row-major, as an operator; and <see cref="FromProducts"/>, the dense matrix of
/// any operator built column by column, A e_i (n products, O(n^2) memory): the exact reference the estimators
/// are checked against on small nets.
/// </summary>
public sealed class DenseOperator : ISymmetricOperator
{
    public DenseOperator(double[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (matrix.Length != (long)n * n) throw new ArgumentException($"DenseOperator: {matrix.Length} values for ({n}, {n})", nameof(matrix));
        Matrix = matrix;
        Dimension = n;
    }

    /// <summary>(n, n) row-major.</summary>
    public double[] Matrix { get; }

    public int Dimension { get; }

    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        int n = Dimension;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            var row = Matrix.AsSpan(i * n, n);
            for (int j = 0; j < n; j++) sum += row[j] * x[j];
            y[i] = sum;
        }
    }

    /// <summary>
    /// The matrix of op, column i = A e_i. Reports the largest asymmetry |A_ij - A_ji| / max |A| (rounding only for an
    /// exact symmetric operator) and returns the matrix unsymmetrised. Cost: n products.
    /// </summary>
    public static DenseOperator FromProducts(ISymmetricOperator op, out double asymmetry)
    {
        ArgumentNullException.ThrowIfNull(op);
        int n = op.Dimension;
        var a = new double[n * n];
        var e = new double[n];
        var column = new double[n];
        for (int i = 0; i < n; i++)
        {
            e[i] = 1;
            op.Apply(e, column);
            e[i] = 0;
            for (int r = 0; r < n; r++) a[r * n + i] = column[r];
        }

        double worst = 0, scale = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                worst = Math.Max(worst, Math.Abs(a[i * n + j] - a[j * n + i]));
                scale = Math.Max(scale, Math.Abs(a[i * n + j]));
            }

        asymmetry = scale > 0 ? worst / scale : 0;
        return new DenseOperator(a, n);
    }

    /// <summary>The eigenvalues of (A + A^T) / 2, ascending.</summary>
    public double[] Eigenvalues() => SymmetricEigen.Values(Matrix, Dimension);

    /// <summary>tr(A^k) (k &gt;= 0) from the eigenvalues.</summary>
    public double TracePower(int k) => Eigenvalues().Sum(l => Math.Pow(l, k));
}
