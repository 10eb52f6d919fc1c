namespace Tdlab.Probes.Hessian;

/// <summary>
/// An <see cref="ISymmetricOperator"/> from a product callback y = A x, the form
/// <see cref="Tdlab.Tensors.Linalg.Lanczos"/> takes; the caller vouches that A is symmetric.
/// </summary>
public sealed class DelegateOperator(int dimension, Action<ReadOnlySpan<double>, Span<double>> apply) : ISymmetricOperator
{
    private readonly Action<ReadOnlySpan<double>, Span<double>> _apply = apply ?? throw new ArgumentNullException(nameof(apply));

    public int Dimension { get; } = dimension >= 1 ? dimension : throw new ArgumentOutOfRangeException(nameof(dimension));

    public void Apply(ReadOnlySpan<double> x, Span<double> y) => _apply(x, y);
}
