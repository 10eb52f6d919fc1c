using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// One validated, pinned GEMM in stride form: op(A)[i, p] = A[i*Ars + p*Acs], op(B)[p, j] = B[p*Brs + j*Bcs],
/// C[i, j] = C[i*Ldc + j]. Output blocks and batch members are the same record with shifted pointers.
/// </summary>
internal readonly unsafe struct GemmProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int M { get; init; }
    public int N { get; init; }
    public int K { get; init; }
    public T Alpha { get; init; }
    public T Beta { get; init; }
    public T* A { get; init; }
    public T* B { get; init; }
    public T* C { get; init; }
    public nint Ars { get; init; }
    public nint Acs { get; init; }
    public nint Brs { get; init; }
    public nint Bcs { get; init; }
    public nint Ldc { get; init; }

    public GemmProblem(Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
    {
        M = m; N = n; K = k; Alpha = alpha; Beta = beta; A = a; B = b; C = c; Ldc = ldc;
        (Ars, Acs) = transA == Transpose.None ? (lda, 1) : (1, (nint)lda);
        (Brs, Bcs) = transB == Transpose.None ? (ldb, 1) : (1, (nint)ldb);
    }

    /// <summary>The output block rows [i0, i0+m) x columns [j0, j0+n).</summary>
    public GemmProblem<T> Block(int i0, int m, int j0, int n)
        => this with { M = m, N = n, A = A + i0 * Ars, B = B + j0 * Bcs, C = C + i0 * Ldc + j0 };

    /// <summary>The same product with the operands advanced by element offsets (a batch member).</summary>
    public GemmProblem<T> Shift(long da, long db, long dc)
        => this with { A = A + da, B = B + db, C = C + dc };
}
