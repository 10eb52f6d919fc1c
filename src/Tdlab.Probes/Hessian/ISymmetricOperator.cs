namespace Tdlab.Probes.Hessian;

/// <summary>
/// A symmetric linear operator A on R^n given only by its products y = A x: the Hessian of a loss
/// (<see cref="HessianOperator{T}"/>), a Gauss-Newton or Fisher matrix, one diagonal block of either
/// (<see cref="BlockOperator"/>), or a dense matrix (<see cref="DenseOperator"/>). The curvature estimators
/// (<see cref="TopEigenpairs"/>, <see cref="HutchinsonTrace"/>, <see cref="SpectralDensity"/>) are written against
/// this interface only, and count their own products.
/// </summary>
public interface ISymmetricOperator
{
    /// <summary>n, the length of x and y.</summary>
    int Dimension { get; }

    /// <summary>y = A x (y is overwritten).</summary>
    void Apply(ReadOnlySpan<double> x, Span<double> y);
}
