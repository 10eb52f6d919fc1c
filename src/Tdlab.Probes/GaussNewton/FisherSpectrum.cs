using System.Numerics;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.GaussNewton;

/// <summary>
/// The top of the Gauss-Newton (Fisher) spectrum and its block-diagonal approximation (seed 004 section 3.1
/// and appendix 4.1): <see cref="LambdaMax"/> = lambda_max(G); <see cref="BlockLambdaMax"/>[a] =
/// lambda_max(G_aa) for each parameter tensor a (eqs. 10-12; a weight block and a bias block per layer);
/// <see cref="BlockDiagonalLambdaMax"/> = max_a lambda_max(G_aa), the seed's approximation of lambda_max(G);
/// and the block Gershgorin bound <see cref="GershgorinBound"/>.
/// <para>
/// The bound (eqs. 26-31; Tretter 2008, remark 1.13.2): the spectrum of G lies in the union over blocks i of
/// the disks centred on the eigenvalues of G_ii with radius sum_{j != i} ||G_ij||. With G = K^T K, K = H^{1/2} J
/// / sqrt(B) (H positive semi-definite), ||G_ij|| = ||K_i^T K_j|| &lt;= s_max(K_i) s_max(K_j) and
/// s_max(K_i)^2 = lambda_max(G_ii), so lambda_max(G) &lt;= max_i s_i (s_i + sum_{j != i} s_j) = max_i s_i sum_j s_j
/// with s_i = sqrt(lambda_max(G_ii)): computable from the diagonal blocks alone.
/// </para>
/// </summary>
public sealed record FisherSpectrum(double LambdaMax, double[] BlockLambdaMax)
{
    /// <summary>max_a lambda_max(G_aa) (NaN without blocks).</summary>
    public double BlockDiagonalLambdaMax => BlockLambdaMax.Length == 0 ? double.NaN : BlockLambdaMax.Max();

    /// <summary>max_i s_i sum_j s_j, s_i = sqrt(lambda_max(G_ii)): an upper bound on lambda_max(G) (eq. 31).</summary>
    public double GershgorinBound => Bound(BlockLambdaMax);

    /// <summary>The bound of eq. 31 from the diagonal blocks' top eigenvalues.</summary>
    public static double Bound(IReadOnlyList<double> blockLambdaMax)
    {
        ArgumentNullException.ThrowIfNull(blockLambdaMax);
        var s = blockLambdaMax.Select(l => Math.Sqrt(Math.Max(l, 0))).ToArray();
        double sum = s.Sum();
        return s.Length == 0 ? double.NaN : s.Max() * sum;
    }

    /// <summary>
    /// lambda_max(G) by Lanczos on the operator, and (when <paramref name="blocks"/>) lambda_max of every diagonal
    /// block. iterations = 0 uses Lanczos's default for one eigenvalue (min(P, 42) steps). Cost: that many G
    /// products for G, and as many block products per block.
    /// </summary>
    public static FisherSpectrum Of<T>(GaussNewtonProduct<T> g, Rng rng, bool blocks = true, int iterations = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(rng);
        double top = TopEigenvalue(g.Operator, g.Dimension, rng.Child("full"), iterations);
        var perBlock = blocks
            ? Enumerable.Range(0, g.BlockCount).Select(a => TopEigenvalue(g.BlockOperator(a), g.BlockSize(a), rng.Child($"block/{a}"), iterations)).ToArray()
            : [];
        return new FisherSpectrum(top, perBlock);
    }

    /// <summary>The largest eigenvalue of a symmetric operator on R^n by Lanczos.</summary>
    public static double TopEigenvalue(Action<ReadOnlySpan<double>, Span<double>> apply, int n, Rng rng, int iterations = 0) =>
        Lanczos.TopEigenvalues(apply, n, 1, rng, iterations).Values[0];
}
