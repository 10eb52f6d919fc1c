namespace Tdlab.Kernels;

public static partial class Gemm
{
    /// <summary>Elements an r x c row-major view with leading dimension ld spans (0 when empty).</summary>
    private static long Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;

    private static (long A, long B, long C) Validate(Transpose transA, Transpose transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc, string op)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"{op}: negative size m={m}, n={n}, k={k}.");
        (int ar, int ac) = transA == Transpose.None ? (m, k) : (k, m);
        (int br, int bc) = transB == Transpose.None ? (k, n) : (n, k);
        CheckOperand(op, "A", transA, ar, ac, lda, aLength);
        CheckOperand(op, "B", transB, br, bc, ldb, bLength);
        CheckOperand(op, "C", Transpose.None, m, n, ldc, cLength);
        return (Extent(ar, ac, lda), Extent(br, bc, ldb), Extent(m, n, ldc));
    }

    private static void CheckOperand(string op, string name, Transpose trans, int rows, int cols, int ld, long length)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"{op}: ld{name.ToLowerInvariant()}={ld} < {cols} columns of {name} ({rows} x {cols}, {trans}).");
        if (Extent(rows, cols, ld) > length)
            throw new ArgumentException($"{op}: {name} ({rows} x {cols}, ld {ld}, {trans}) needs {Extent(rows, cols, ld)} elements, span has {length}.");
    }

    private static void ValidateBatch(Transpose transA, Transpose transB, int batch, int m, int n, int k,
        int aLength, int lda, long strideA, int bLength, int ldb, long strideB, int cLength, int ldc, long strideC, string op)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), $"{op}: negative batch {batch}.");
        if (strideA < 0 || strideB < 0 || strideC < 0)
            throw new ArgumentException($"{op}: negative stride (A {strideA}, B {strideB}, C {strideC}).");
        long last = Math.Max(batch - 1, 0);
        var (ea, eb, ec) = Validate(transA, transB, m, n, k, int.MaxValue, lda, int.MaxValue, ldb, int.MaxValue, ldc, op);
        if (batch == 0) return;
        if (last * strideA + ea > aLength || last * strideB + eb > bLength || last * strideC + ec > cLength)
            throw new ArgumentException(
                $"{op}: batch {batch} of ({m} x {k}) @ ({k} x {n}) with strides A {strideA}, B {strideB}, C {strideC} " +
                $"needs {last * strideA + ea}, {last * strideB + eb}, {last * strideC + ec} elements; spans have {aLength}, {bLength}, {cLength}.");
        if (batch > 1 && ec > 0 && strideC < ec)
            throw new ArgumentException($"{op}: strideC {strideC} < {ec}: the outputs C_i of the batch overlap.");
    }
}
