using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// Gated recurrent unit with PyTorch's equations (torch.nn.GRUCell; Cho et al. 2014):
/// r = sigmoid(W_ir x + b_ir + W_hr h + b_hr), z = sigmoid(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h.
/// Parameters: weight_ih (3H, n_in) = [W_ir; W_iz; W_in], weight_hh (3H, H), bias_ih (3H), bias_hh (3H).
/// The fused step keeps gates gate-major, (4, B, H) = [r, z, W_hn h + b_hn, n], so every elementwise
/// pass runs over one contiguous block.
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
        int batch = CheckStep(x, state), n = InputSize, hs = HiddenSize, block = batch * hs;
        var h = state.H;
        Tensor<T> wih = WeightIh, whh = WeightHh, bih = BiasIh, bhh = BiasHh;

        // s = [r, z, hn, n] (4, B, H); pre-activations accumulate bias + x W_i^T + h W_h^T
        var s = Tensor.Empty<T>(4, batch, hs);
        var ss = s.Span;
        ReadOnlySpan<T> bi = bih.Span, bh = bhh.Span, xs = x.Span, hsp = h.Span, wi = wih.Span, wh = whh.Span;
        GateGemm.FillRows(ss[..block], bi[..hs], bh[..hs], batch);
        GateGemm.FillRows(ss.Slice(block, block), bi.Slice(hs, hs), bh.Slice(hs, hs), batch);
        GateGemm.FillRows(ss.Slice(2 * block, block), bh.Slice(2 * hs, hs), batch);
        GateGemm.FillRows(ss.Slice(3 * block, block), bi.Slice(2 * hs, hs), batch);
        for (int gate = 0; gate < 3; gate++)
        {
            GateGemm.Project(xs, batch, n, wi, gate, hs, ss.Slice((gate == 2 ? 3 : gate) * block, block), T.One);
            GateGemm.Project(hsp, batch, hs, wh, gate, hs, ss.Slice(gate * block, block), T.One);
        }

        var rz = ss[..(2 * block)];
        TensorPrimitives.Sigmoid(rz, rz);
        var nn = ss.Slice(3 * block, block);
        TensorPrimitives.FusedMultiplyAdd(ss[..block], ss.Slice(2 * block, block), nn, nn);   // W_in x + b_in + r * hn
        TensorPrimitives.Tanh(nn, nn);

        var y = Tensor.Empty<T>(batch, hs);
        Forward(ss, hsp, y.Span);

        var output = FusedStep.Record("gru_step", y, [x, h, wih, whh, bih, bhh], g =>
        {
            // d = [da_r, da_z, d(hn), da_n] (4, B, H); dh starts as the direct term g * z
            var d = Tensor.Empty<T>(4, batch, hs);
            var dh = Tensor.Empty<T>(batch, hs);
            Backward(s.Span, h.Span, g.Span, d.Span, dh.Span);
            ReadOnlySpan<T> ds = d.Span;
            Tensor<T>? dx = null, dwih = null, dwhh = null, dbih = null, dbhh = null;
            for (int gate = 0; gate < 3; gate++)
            {
                var di = ds.Slice((gate == 2 ? 3 : gate) * block, block);
                var dhg = ds.Slice(gate * block, block);
                if (x.RequiresGrad) GateGemm.Back(di, batch, hs, wih.Span, gate, n, (dx ??= Tensor.Empty<T>(batch, n)).Span, gate == 0 ? T.Zero : T.One);
                if (h.RequiresGrad) GateGemm.Back(dhg, batch, hs, whh.Span, gate, hs, dh.Span, T.One);
                if (wih.RequiresGrad) GateGemm.WeightGrad(di, x.Span, batch, hs, n, (dwih ??= Tensor.Empty<T>(3 * hs, n)).Span, gate);
                if (whh.RequiresGrad) GateGemm.WeightGrad(dhg, h.Span, batch, hs, hs, (dwhh ??= Tensor.Empty<T>(3 * hs, hs)).Span, gate);
                if (bih.RequiresGrad) GateGemm.ColumnSums(di, batch, (dbih ??= Tensor.Empty<T>(3 * hs)).Span.Slice(gate * hs, hs));
                if (bhh.RequiresGrad) GateGemm.ColumnSums(dhg, batch, (dbhh ??= Tensor.Empty<T>(3 * hs)).Span.Slice(gate * hs, hs));
            }

            return [dx, h.RequiresGrad ? dh : null, dwih, dwhh, dbih, dbhh];
        }, Composite);
        return new RecurrentState<T>(output);
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

    // h' = n + z (h - n)
    private static void Forward(ReadOnlySpan<T> s, ReadOnlySpan<T> h, Span<T> y)
    {
        int block = y.Length;
        var z = s.Slice(block, block);
        var nn = s.Slice(3 * block, block);
        for (int i = 0; i < block; i += Vector<T>.Count)
        {
            var nv = Lanes.Load(nn, i);
            Lanes.Store(nv + Lanes.Load(z, i) * (Lanes.Load(h, i) - nv), y, i);
        }
    }

    // dn = g (1 - z), dz = g (h - n), dh = g z; da_n = dn (1 - n^2); d(hn) = da_n r;
    // da_r = da_n hn r (1 - r); da_z = dz z (1 - z)
    private static void Backward(ReadOnlySpan<T> s, ReadOnlySpan<T> h, ReadOnlySpan<T> g, Span<T> d, Span<T> dh)
    {
        int block = h.Length;
        var one = Vector<T>.One;
        for (int i = 0; i < block; i += Vector<T>.Count)
        {
            var r = Lanes.Load(s[..block], i);
            var z = Lanes.Load(s.Slice(block, block), i);
            var hn = Lanes.Load(s.Slice(2 * block, block), i);
            var nv = Lanes.Load(s.Slice(3 * block, block), i);
            var gv = Lanes.Load(g, i);
            var dan = gv * (one - z) * (one - nv * nv);
            Lanes.Store(dan * hn * r * (one - r), d[..block], i);
            Lanes.Store(gv * (Lanes.Load(h, i) - nv) * z * (one - z), d.Slice(block, block), i);
            Lanes.Store(dan * r, d.Slice(2 * block, block), i);
            Lanes.Store(dan, d.Slice(3 * block, block), i);
            Lanes.Store(gv * z, dh, i);
        }
    }
}
