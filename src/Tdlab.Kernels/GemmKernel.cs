namespace Tdlab.Kernels;

/// <summary>
/// A GEMM micro-kernel: one MR x NR register tile of C from a k-long sliver of op(A) and of op(B).
/// acc(MR x NR) = sum_p A[r, p] * B[p, j]; then C = alpha*acc (betaZero) or C = alpha*acc + beta*C,
/// computed per element as FMA(acc, alpha, beta*C) so every path (full tile, edge tile) rounds alike.
/// A[r, p] = a[r*rsA + p*csA] (packed sliver: rsA = 1, csA = MR; unpacked: the caller's strides);
/// B[p, j] = b[p*csB + j] (B rows contiguous: a packed sliver, csB = NR, or a row-major B, csB = ldb).
/// </summary>
internal unsafe interface IGemmKernel<T> where T : unmanaged
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile (a multiple of the vector width).</summary>
    static abstract int NR { get; }

    static abstract void Run(nint kc, T* a, nint rsA, nint csA, T* b, nint csB,
        T* c, nint ldc, T alpha, T beta, bool betaZero);
}
