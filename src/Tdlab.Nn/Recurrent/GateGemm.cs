using System.Buffers;
using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// The matrix products of a recurrent step on spans, for one gate block of a stacked weight.
/// A stacked weight W (G*H, n) holds G gate blocks W_g (H, n), row-major, block g at offset g*H*n
/// (PyTorch's layout: e.g. GRU weight_hh = [W_hr; W_hz; W_hn]). Activations are (B, H) blocks.
/// </summary>
internal static class GateGemm
{
    // below this many inputs the weight gradient is computed transposed (see WeightGrad)
    private const int NarrowInput = 32;

    /// <summary>dst (B, H) = beta * dst + input (B, n) @ W_g^T, with W_g = weight[g*H*n ..] (H, n).</summary>
    public static void Project<T>(ReadOnlySpan<T> input, int batch, int n, ReadOnlySpan<T> weight, int gate, int h,
        Span<T> dst, T beta) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm.Compute(Transpose.None, Transpose.Transpose, batch, h, n, T.One, input, n,
            weight.Slice(gate * h * n, h * n), n, beta, dst, h);

    /// <summary>dInput (B, n) = beta * dInput + d (B, H) @ W_g (the gradient through the projection).</summary>
    public static void Back<T>(ReadOnlySpan<T> d, int batch, int h, ReadOnlySpan<T> weight, int gate, int n,
        Span<T> dInput, T beta) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm.Compute(Transpose.None, Transpose.None, batch, n, h, T.One, d, h,
            weight.Slice(gate * h * n, h * n), n, beta, dInput, n);

    /// <summary>
    /// dW_g (H, n) = d (B, H)^T @ input (B, n), written into block g of a stacked gradient. For a narrow
    /// input (n much smaller than H, e.g. 8 inputs) the GEMM computes dW_g^T (n, H) = input^T d, whose long
    /// rows suit the micro-kernel (about 10x faster here), and transposes the small result.
    /// </summary>
    public static void WeightGrad<T>(ReadOnlySpan<T> d, ReadOnlySpan<T> input, int batch, int h, int n,
        Span<T> dWeight, int gate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dst = dWeight.Slice(gate * h * n, h * n);
        if (n >= NarrowInput || n >= h)
        {
            Gemm.Compute(Transpose.Transpose, Transpose.None, h, n, batch, T.One, d, h, input, n, T.Zero, dst, n);
            return;
        }

        var scratch = ArrayPool<T>.Shared.Rent(n * h);
        var wt = scratch.AsSpan(0, n * h);
        Gemm.Compute(Transpose.Transpose, Transpose.None, n, h, batch, T.One, input, n, d, h, T.Zero, wt, h);
        for (int k = 0; k < n; k++)
            for (int j = 0; j < h; j++) dst[j * n + k] = wt[k * h + j];
        ArrayPool<T>.Shared.Return(scratch);
    }

    /// <summary>Each of the B rows of dst (B, H) set to bias (H) (the start of a bias + GEMM accumulation).</summary>
    public static void FillRows<T>(Span<T> dst, ReadOnlySpan<T> bias, int batch) where T : unmanaged
    {
        int h = bias.Length;
        for (int r = 0; r < batch; r++) bias.CopyTo(dst.Slice(r * h, h));
    }

    /// <summary>Each row of dst (B, H) set to a (H) + b (H).</summary>
    public static void FillRows<T>(Span<T> dst, ReadOnlySpan<T> a, ReadOnlySpan<T> b, int batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = a.Length;
        System.Numerics.Tensors.TensorPrimitives.Add(a, b, dst[..h]);
        for (int r = 1; r < batch; r++) dst[..h].CopyTo(dst.Slice(r * h, h));
    }

    /// <summary>s (H) = sum over the B rows of d (B, H) (a bias gradient), one vector of columns at a time.</summary>
    public static void ColumnSums<T>(ReadOnlySpan<T> d, int batch, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = s.Length;
        for (int j = 0; j < h; j += Vector<T>.Count)
        {
            var acc = Vector<T>.Zero;
            for (int r = 0; r < batch; r++) acc += Lanes.Load(d.Slice(r * h, h), j);
            Lanes.Store(acc, s, j);
        }
    }
}
