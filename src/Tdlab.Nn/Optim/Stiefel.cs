using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;

namespace Tdlab.Nn.Optim;

/// <summary>
/// The Stiefel manifold St(p, n) = { W in R^{n x p} : W^T W = I_p } (seed 004 eq. 15) with the metric of the
/// embedding space &lt;Z, Z'&gt; = tr(Z'^T Z) (Edelman, Arias and Smith 1998; Absil, Mahony and Sepulchre 2008,
/// sections 3.6.1 and 4.1.1; seed 004 section 3.2.2). A (rows, cols) slice with rows &gt;= cols has
/// orthonormal columns; a wide one (rows &lt; cols) orthonormal rows (its transpose is on St(rows, cols)); a
/// square one is orthogonal. Vectors (n) are the sphere St(1, n).
/// <list type="bullet">
/// <item>projection (eq. 23): grad f = (I - W W^T) G + W (W^T G - G^T W) / 2 = G - W sym(W^T G);</item>
/// <item>retraction (eq. 24): R_W(xi) = qf(W + xi), the Q factor of the reduced QR with diag(R) &gt; 0
/// (<see cref="Qr.Decompose(ReadOnlySpan{double}, int, int)"/> fixes the signs), so qf is unique;</item>
/// <item>vector transport (eq. 25): T(xi) = P_Y(xi) with Y = R_W(zeta) the new point: the projection of
/// eq. 23 at Y.</item>
/// </list>
/// Arithmetic is in double whatever T is; each hook copies the slice (allocates O(n p)). Cost per step:
/// projection 4 n p^2 flops, retraction a Householder QR, 4 n p^2 - 4 p^3 / 3 flops plus as many for Q. Slices with
/// n p^2 &gt;= 10^6 (100 x 100 and up) use <see cref="StiefelKernels"/> (GEMM projection, CholeskyQR2 retraction; the same
/// result to rounding; a 200-layer 400 x 400 Riemannian Adam step 33 -> 4.9 CPU-s); smaller ones keep these loops and their bits.
/// </summary>
public sealed class Stiefel<T> : ParameterGeometry<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override string Name => "stiefel";

    /// <summary>W &lt;- qf(W): the Q factor of W's QR (Gram-Schmidt of its columns, or rows for a wide slice).</summary>
    public override void ProjectPoint(Shape shape, Span<T> w)
    {
        var (rows, cols) = MatrixFrame.Of(shape);
        int n = Math.Max(rows, cols), p = Math.Min(rows, cols);
        var a = MatrixFrame.LoadTall<T>(w, rows, cols);
        MatrixFrame.StoreTall<T>(QFactor(a, n, p), w, rows, cols);
    }

    /// <summary>Eq. 23: P_W(G) = G - W sym(W^T G), sym(M) = (M + M^T) / 2, into buffer.</summary>
    public override ReadOnlySpan<T> ProjectGradient(Shape shape, ReadOnlySpan<T> w, ReadOnlySpan<T> egrad, Span<T> buffer)
    {
        var (rows, cols) = MatrixFrame.Of(shape);
        var a = MatrixFrame.LoadTall(w, rows, cols);
        var z = MatrixFrame.LoadTall(egrad, rows, cols);
        Project(a, z, Math.Max(rows, cols), Math.Min(rows, cols));
        MatrixFrame.StoreTall<T>(z, buffer, rows, cols);
        return buffer;
    }

    /// <summary>Eq. 24: W &lt;- qf(W + step d).</summary>
    public override void Retract(Shape shape, Span<T> w, ReadOnlySpan<T> d, T step)
    {
        var (rows, cols) = MatrixFrame.Of(shape);
        int n = Math.Max(rows, cols), p = Math.Min(rows, cols);
        var a = MatrixFrame.LoadTall<T>(w, rows, cols);
        var xi = MatrixFrame.LoadTall(d, rows, cols);
        double s = double.CreateTruncating(step);
        for (int i = 0; i < a.Length; i++) a[i] += s * xi[i];
        MatrixFrame.StoreTall<T>(QFactor(a, n, p), w, rows, cols);   // a NaN step gives NaN weights: divergence is data
    }

    /// <summary>Eq. 25: v &lt;- P_Y(v) = (I - Y Y^T) v + Y (Y^T v - v^T Y) / 2 at the new point Y = w.</summary>
    public override void Transport(Shape shape, ReadOnlySpan<T> w, Span<T> v)
    {
        var (rows, cols) = MatrixFrame.Of(shape);
        var a = MatrixFrame.LoadTall(w, rows, cols);
        var z = MatrixFrame.LoadTall<T>(v, rows, cols);
        Project(a, z, Math.Max(rows, cols), Math.Min(rows, cols));
        MatrixFrame.StoreTall<T>(z, v, rows, cols);
    }

    /// <summary>qf(a) for a tall (n, p) a: Householder (<see cref="Qr"/>) for small slices, CholeskyQR2 for large ones.</summary>
    private static double[] QFactor(double[] a, int n, int p) =>
        StiefelKernels.IsLarge(n, p) ? StiefelKernels.QFactor(a, n, p) : Qr.Decompose(a, n, p).Q;

    /// <summary>z &lt;- z - a sym(a^T z) for tall (n, p) a and z (GEMM for large slices, <see cref="StiefelKernels"/>).</summary>
    private static void Project(double[] a, double[] z, int n, int p)
    {
        if (StiefelKernels.IsLarge(n, p))
        {
            StiefelKernels.Project(a, z, n, p);
            return;
        }

        var s = MatrixFrame.TransposeTimes(a, z, n, p);   // W^T G (p, p)
        for (int i = 0; i < p; i++)
            for (int j = i; j < p; j++)
                s[i * p + j] = s[j * p + i] = 0.5 * (s[i * p + j] + s[j * p + i]);
        MatrixFrame.SubtractProduct(z, a, s, n, p);
    }
}
