using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// Gated recurrent unit with PyTorch's equations (torch.nn.GRUCell; Cho et al. 2014):
/// r = sigmoid(W_ir x + b_ir + W_hr h + b_hr), z = sigmoid(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h.
/// Parameters: weight_ih (3H, n_in) = [W_ir; W_iz; W_in], weight_hh (3H, H), bias_ih (3H), bias_hh (3H).
/// The fused step keeps the gates of a row side by side, (B, 4H) = [r | z | W_hn h + b_hn | n], so that
/// the recurrent projection h W_hh^T is one GEMM into columns [0, 3H) and, in the backward, dh and dW_hh
/// are one GEMM each over the stacked gate gradients (inner size 3H).
/// </summary>
public sealed class GruCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public GruCell(int inputSize, int hiddenSize, Rng rng, RecurrentInit? init = null) : base(inputSize, hiddenSize)
    {
        WeightIh = AddParameter("weight_ih", ParameterRole.Input, 3, hiddenSize, inputSize);
        WeightHh = AddParameter("weight_hh", ParameterRole.Recurrent, 3, hiddenSize, hiddenSize);
        BiasIh = AddParameter("bias_ih", ParameterRole.Bias, 3, hiddenSize);
        BiasHh = AddParameter("bias_hh", ParameterRole.SecondBias, 3, hiddenSize);
        Initialise(rng, init ?? RecurrentInit.PyTorch);
    }

    public Tensor<T> WeightIh { get; }

    public Tensor<T> WeightHh { get; }

    public Tensor<T> BiasIh { get; }

    public Tensor<T> BiasHh { get; }

    public override RecurrentState<T> Step(Tensor<T> x, RecurrentState<T> state)
    {
        int batch = CheckStep(x, state), n = InputSize, hs = HiddenSize, row = 4 * hs;
        var h = state.H;
        Tensor<T> wih = WeightIh, whh = WeightHh, bih = BiasIh, bhh = BiasHh;

        // s = [r | z | hn | n] (B, 4H); pre-activations start at the biases and accumulate the projections:
        // h W_hh^T fills columns [0, 3H) in one GEMM, x W_ir,iz^T columns [0, 2H), x W_in^T columns [3H, 4H)
        var s = Tensor.Empty<T>(batch, row);
        var ss = s.Span;
        ReadOnlySpan<T> bi = bih.Span, bh = bhh.Span, xs = x.Span, hsp = h.Span, wi = wih.Span;
        var first = ss[..row];
        TensorPrimitives.Add(bi[..(2 * hs)], bh[..(2 * hs)], first[..(2 * hs)]);
        bh.Slice(2 * hs, hs).CopyTo(first.Slice(2 * hs, hs));
        bi.Slice(2 * hs, hs).CopyTo(first.Slice(3 * hs, hs));
        for (int b = 1; b < batch; b++) first.CopyTo(ss.Slice(b * row, row));
        Gemm.Compute(Transpose.None, Transpose.Transpose, batch, 3 * hs, hs, T.One, hsp, hs, whh.Span, hs, T.One, ss, row);
        Gemm.Compute(Transpose.None, Transpose.Transpose, batch, 2 * hs, n, T.One, xs, n, wi[..(2 * hs * n)], n, T.One, ss, row);
        Gemm.Compute(Transpose.None, Transpose.Transpose, batch, hs, n, T.One, xs, n, wi.Slice(2 * hs * n, hs * n), n, T.One,
            ss[(3 * hs)..], row);

        var y = Tensor.Empty<T>(batch, hs);
        Forward(ss, hsp, y.Span, batch, hs);

        var output = FusedStep.Record("gru_step", y, [x, h, wih, whh, bih, bhh], g =>
        {
            // d = [da_r | da_z | d(hn) | da_n] (B, 4H); dh starts as the direct term g * z
            var d = Tensor.Empty<T>(batch, row);
            var dh = Tensor.Empty<T>(batch, hs);
            Backward(s.Span, h.Span, g.Span, d.Span, dh.Span, batch, hs);
            ReadOnlySpan<T> ds = d.Span;
            Tensor<T>? dx = null, dwih = null, dwhh = null, dbih = null, dbhh = null;
            if (h.RequiresGrad)       // dh += d[:, 0:3H] W_hh
                Gemm.Compute(Transpose.None, Transpose.None, batch, hs, 3 * hs, T.One, ds, row, whh.Span, hs, T.One, dh.Span, hs);
            if (x.RequiresGrad)       // dx = d[:, 0:2H] W_ir,iz + d[:, 3H:4H] W_in
            {
                dx = Tensor.Empty<T>(batch, n);
                Gemm.Compute(Transpose.None, Transpose.None, batch, n, 2 * hs, T.One, ds, row, wih.Span[..(2 * hs * n)], n, T.Zero, dx.Span, n);
                Gemm.Compute(Transpose.None, Transpose.None, batch, n, hs, T.One, ds[(3 * hs)..], row, wih.Span.Slice(2 * hs * n, hs * n), n,
                    T.One, dx.Span, n);
            }

            if (whh.RequiresGrad)     // dW_hh = d[:, 0:3H]^T h
            {
                dwhh = Tensor.Empty<T>(3 * hs, hs);
                Gemm.Compute(Transpose.Transpose, Transpose.None, 3 * hs, hs, batch, T.One, ds, row, h.Span, hs, T.Zero, dwhh.Span, hs);
            }

            if (wih.RequiresGrad) dwih = InputWeightGrad(ds, x.Span, batch, n, hs);
            if (bih.RequiresGrad || bhh.RequiresGrad)
            {
                var sumsTensor = Tensor.Empty<T>(row);        // column sums of d: [r | z | hn | n]
                Span<T> sums = sumsTensor.Span;
                GateGemm.ColumnSums(ds, batch, sums);
                if (bih.RequiresGrad)
                {
                    dbih = Tensor.Empty<T>(3 * hs);
                    sums[..(2 * hs)].CopyTo(dbih.Span);
                    sums.Slice(3 * hs, hs).CopyTo(dbih.Span[(2 * hs)..]);
                }

                if (bhh.RequiresGrad)
                {
                    dbhh = Tensor.Empty<T>(3 * hs);
                    sums[..(3 * hs)].CopyTo(dbhh.Span);
                }
            }

            return [dx, h.RequiresGrad ? dh : null, dwih, dwhh, dbih, dbhh];
        }, Composite);
        return new RecurrentState<T>(output);
    }

    /// <summary>
    /// dW_ih (3H, n) = [d_r | d_z | d_n]^T x from d (B, 4H). A narrow input (n much smaller than H) goes
    /// through one GEMM for the transposed product x^T d (n, 4H), whose long rows suit the micro-kernel,
    /// then a small transpose that skips the d(hn) block; a wide one through two GEMMs.
    /// </summary>
    private static Tensor<T> InputWeightGrad(ReadOnlySpan<T> d, ReadOnlySpan<T> x, int batch, int n, int hs)
    {
        int row = 4 * hs;
        var dw = Tensor.Empty<T>(3 * hs, n);
        var dws = dw.Span;
        if (n >= 32 || n >= hs)
        {
            Gemm.Compute(Transpose.Transpose, Transpose.None, 2 * hs, n, batch, T.One, d, row, x, n, T.Zero, dws, n);
            Gemm.Compute(Transpose.Transpose, Transpose.None, hs, n, batch, T.One, d[(3 * hs)..], row, x, n, T.Zero,
                dws[(2 * hs * n)..], n);
            return dw;
        }

        var scratch = System.Buffers.ArrayPool<T>.Shared.Rent(n * row);
        var wt = scratch.AsSpan(0, n * row);
        Gemm.Compute(Transpose.Transpose, Transpose.None, n, row, batch, T.One, x, n, d, row, T.Zero, wt, row);
        for (int k = 0; k < n; k++)
        {
            var wk = wt.Slice(k * row, row);
            for (int j = 0; j < 2 * hs; j++) dws[j * n + k] = wk[j];
            for (int j = 2 * hs; j < 3 * hs; j++) dws[j * n + k] = wk[j + hs];
        }

        System.Buffers.ArrayPool<T>.Shared.Return(scratch);
        return dw;
    }

    public override RecurrentState<T> StepReference(Tensor<T> x, RecurrentState<T> state)
    {
        CheckStep(x, state);
        return new RecurrentState<T>(Composite([x, state.H, WeightIh, WeightHh, BiasIh, BiasHh]));
    }

    // inputs: x, h, W_ih, W_hh, b_ih, b_hh
    private Tensor<T> Composite(Tensor<T>[] p)
    {
        int hs = HiddenSize;
        var gi = p[0].MatMul(p[2], transB: true) + p[4];   // (B, 3H)
        var gh = p[1].MatMul(p[3], transB: true) + p[5];
        var r = (gi.Narrow(1, 0, hs) + gh.Narrow(1, 0, hs)).Sigmoid();
        var z = (gi.Narrow(1, hs, hs) + gh.Narrow(1, hs, hs)).Sigmoid();
        var nn = (gi.Narrow(1, 2 * hs, hs) + r * gh.Narrow(1, 2 * hs, hs)).Tanh();
        return (T.One - z) * nn + z * p[1];
    }

    // r, z = sigmoid(.); n = tanh(a_n + r hn); h' = n + z (h - n), written back into s: one pass per row
    private static void Forward(Span<T> s, ReadOnlySpan<T> h, Span<T> y, int batch, int hs)
    {
        int row = 4 * hs;
        for (int b = 0; b < batch; b++)
        {
            var sr = s.Slice(b * row, row);
            var rz = sr[..(2 * hs)];
            TensorPrimitives.Sigmoid(rz, rz);
            var r = sr[..hs];
            var z = sr.Slice(hs, hs);
            var hn = sr.Slice(2 * hs, hs);
            var nn = sr.Slice(3 * hs, hs);
            TensorPrimitives.FusedMultiplyAdd(r, hn, nn, nn);   // a_n + r * hn
            TensorPrimitives.Tanh(nn, nn);
            var hb = h.Slice(b * hs, hs);
            var yb = y.Slice(b * hs, hs);
            TensorPrimitives.Subtract(hb, nn, yb);                // h - n
            TensorPrimitives.FusedMultiplyAdd(z, yb, nn, yb);    // n + z (h - n)
        }
    }

    // dn = g (1 - z), dz = g (h - n), dh = g z; da_n = dn (1 - n^2); d(hn) = da_n r;
    // da_r = da_n hn r (1 - r); da_z = dz z (1 - z). Whole vectors by reference, the row tail through Lanes.
    private static void Backward(ReadOnlySpan<T> s, ReadOnlySpan<T> h, ReadOnlySpan<T> g, Span<T> d, Span<T> dh, int batch, int hs)
    {
        int row = 4 * hs, width = Vector<T>.Count, full = hs - hs % width;
        for (int b = 0; b < batch; b++)
        {
            ref T sr = ref MemoryMarshal.GetReference(s.Slice(b * row, row));
            ref T dr = ref MemoryMarshal.GetReference(d.Slice(b * row, row));
            ref T hb = ref MemoryMarshal.GetReference(h.Slice(b * hs, hs));
            ref T gb = ref MemoryMarshal.GetReference(g.Slice(b * hs, hs));
            ref T dhb = ref MemoryMarshal.GetReference(dh.Slice(b * hs, hs));
            for (int i = 0; i < full; i += width)
            {
                nuint o = (nuint)i, h1 = (nuint)(hs + i), h2 = (nuint)(2 * hs + i), h3 = (nuint)(3 * hs + i);
                Gates(Vector.LoadUnsafe(ref sr, o), Vector.LoadUnsafe(ref sr, h1), Vector.LoadUnsafe(ref sr, h2),
                    Vector.LoadUnsafe(ref sr, h3), Vector.LoadUnsafe(ref gb, o), Vector.LoadUnsafe(ref hb, o),
                    out var dar, out var daz, out var dhn, out var dan, out var dhv);
                dar.StoreUnsafe(ref dr, o);
                daz.StoreUnsafe(ref dr, h1);
                dhn.StoreUnsafe(ref dr, h2);
                dan.StoreUnsafe(ref dr, h3);
                dhv.StoreUnsafe(ref dhb, o);
            }

            if (full == hs) continue;
            var srow = s.Slice(b * row, row);
            var drow = d.Slice(b * row, row);
            Gates(Lanes.Load(srow[..hs], full), Lanes.Load(srow.Slice(hs, hs), full), Lanes.Load(srow.Slice(2 * hs, hs), full),
                Lanes.Load(srow.Slice(3 * hs, hs), full), Lanes.Load(g.Slice(b * hs, hs), full), Lanes.Load(h.Slice(b * hs, hs), full),
                out var tr, out var tz, out var thn, out var tn, out var th);
            Lanes.Store(tr, drow[..hs], full);
            Lanes.Store(tz, drow.Slice(hs, hs), full);
            Lanes.Store(thn, drow.Slice(2 * hs, hs), full);
            Lanes.Store(tn, drow.Slice(3 * hs, hs), full);
            Lanes.Store(th, dh.Slice(b * hs, hs), full);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gates(Vector<T> r, Vector<T> z, Vector<T> hn, Vector<T> nv, Vector<T> gv, Vector<T> hv,
        out Vector<T> dar, out Vector<T> daz, out Vector<T> dhn, out Vector<T> dan, out Vector<T> dh)
    {
        var one = Vector<T>.One;
        dan = gv * (one - z) * (one - nv * nv);
        dar = dan * hn * r * (one - r);
        daz = gv * (hv - nv) * z * (one - z);
        dhn = dan * r;
        dh = gv * z;
    }
}
