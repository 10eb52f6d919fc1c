using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// minimalRNN (Chen, Pennington and Schoenholz 2018, "Dynamical isometry and a mean field theory of RNNs",
/// eq. 4): z_t = Phi(x_t) = tanh(P x_t + c), u_t = sigmoid(W h_{t-1} + V z_t + b),
/// h_t = u_t * h_{t-1} + (1 - u_t) * z_t. Parameters: phi_weight P (H, n_in), phi_bias c (H),
/// weight_hh W (H, H), weight_zh V (H, H), bias b (H).
/// Backward (g = dL/dh_t): da = g (h_{t-1} - z) u (1 - u), dh_{t-1} = g u + da W,
/// dz = g (1 - u) + da V, dP-pre = dz (1 - z^2).
/// </summary>
public sealed class MinimalRnnCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public MinimalRnnCell(int inputSize, int hiddenSize, Rng rng, RecurrentInit? init = null) : base(inputSize, hiddenSize)
    {
        PhiWeight = AddParameter("phi_weight", ParameterRole.Input, 1, hiddenSize, inputSize);
        PhiBias = AddParameter("phi_bias", ParameterRole.Bias, 1, hiddenSize);
        WeightHh = AddParameter("weight_hh", ParameterRole.Recurrent, 1, hiddenSize, hiddenSize);
        WeightZh = AddParameter("weight_zh", ParameterRole.Input, 1, hiddenSize, hiddenSize);
        Bias = AddParameter("bias", ParameterRole.Bias, 1, hiddenSize);
        Initialise(rng, init ?? RecurrentInit.PyTorch);
    }

    public Tensor<T> PhiWeight { get; }

    public Tensor<T> PhiBias { get; }

    public Tensor<T> WeightHh { get; }

    public Tensor<T> WeightZh { get; }

    public Tensor<T> Bias { get; }

    public override RecurrentState<T> Step(Tensor<T> x, RecurrentState<T> state)
    {
        int batch = CheckStep(x, state), n = InputSize, hs = HiddenSize, block = batch * hs;
        Tensor<T> h = state.H, pw = PhiWeight, pb = PhiBias, w = WeightHh, v = WeightZh, b = Bias;

        // s = [z, u] (2, B, H)
        var s = Tensor.Empty<T>(2, batch, hs);
        var z = s.Span[..block];
        var u = s.Span.Slice(block, block);
        GateGemm.FillRows(z, pb.Span, batch);
        GateGemm.Project(x.Span, batch, n, pw.Span, 0, hs, z, T.One);
        TensorPrimitives.Tanh(z, z);
        GateGemm.FillRows(u, b.Span, batch);
        GateGemm.Project(h.Span, batch, hs, w.Span, 0, hs, u, T.One);
        GateGemm.Project(z, batch, hs, v.Span, 0, hs, u, T.One);
        TensorPrimitives.Sigmoid(u, u);

        var y = Tensor.Empty<T>(batch, hs);
        Forward(s.Span, h.Span, y.Span);

        var output = FusedStep.Record("minimal_rnn_step", y, [x, h, pw, pb, w, v, b], g =>
        {
            // d = [da, dz] (2, B, H): first the direct terms, then dz += da V and dz *= 1 - z^2
            var d = Tensor.Empty<T>(2, batch, hs);
            var dh = Tensor.Empty<T>(batch, hs);
            Backward(s.Span, h.Span, g.Span, d.Span, dh.Span);
            ReadOnlySpan<T> ss = s.Span, da = d.Span[..block];
            var dz = d.Span.Slice(block, block);
            GateGemm.Back(da, batch, hs, v.Span, 0, hs, dz, T.One);
            GateMath.TanhBackward<T>(ss[..block], dz, dz);
            Tensor<T>? dx = null, dpw = null, dpb = null, dw = null, dv = null, db = null;
            if (h.RequiresGrad) GateGemm.Back(da, batch, hs, w.Span, 0, hs, dh.Span, T.One);
            if (x.RequiresGrad) GateGemm.Back(dz, batch, hs, pw.Span, 0, n, (dx = Tensor.Empty<T>(batch, n)).Span, T.Zero);
            if (pw.RequiresGrad) GateGemm.WeightGrad(dz, x.Span, batch, hs, n, (dpw = Tensor.Empty<T>(hs, n)).Span, 0);
            if (pb.RequiresGrad) GateGemm.ColumnSums(dz, batch, (dpb = Tensor.Empty<T>(hs)).Span);
            if (w.RequiresGrad) GateGemm.WeightGrad(da, h.Span, batch, hs, hs, (dw = Tensor.Empty<T>(hs, hs)).Span, 0);
            if (v.RequiresGrad) GateGemm.WeightGrad(da, ss[..block], batch, hs, hs, (dv = Tensor.Empty<T>(hs, hs)).Span, 0);
            if (b.RequiresGrad) GateGemm.ColumnSums(da, batch, (db = Tensor.Empty<T>(hs)).Span);
            return [dx, h.RequiresGrad ? dh : null, dpw, dpb, dw, dv, db];
        }, Composite);
        return new RecurrentState<T>(output);
    }

    public override RecurrentState<T> StepReference(Tensor<T> x, RecurrentState<T> state)
    {
        CheckStep(x, state);
        return new RecurrentState<T>(Composite([x, state.H, PhiWeight, PhiBias, WeightHh, WeightZh, Bias]));
    }

    // inputs: x, h, P, c, W, V, b
    private static Tensor<T> Composite(Tensor<T>[] p)
    {
        var z = (p[0].MatMul(p[2], transB: true) + p[3]).Tanh();
        var u = (p[1].MatMul(p[4], transB: true) + z.MatMul(p[5], transB: true) + p[6]).Sigmoid();
        return u * p[1] + (T.One - u) * z;
    }

    // h' = z + u (h - z)
    private static void Forward(ReadOnlySpan<T> s, ReadOnlySpan<T> h, Span<T> y)
    {
        int block = y.Length;
        for (int i = 0; i < block; i += Vector<T>.Count)
        {
            var z = Lanes.Load(s[..block], i);
            Lanes.Store(z + Lanes.Load(s.Slice(block, block), i) * (Lanes.Load(h, i) - z), y, i);
        }
    }

    // da = g (h - z) u (1 - u), dz = g (1 - u), dh = g u
    private static void Backward(ReadOnlySpan<T> s, ReadOnlySpan<T> h, ReadOnlySpan<T> g, Span<T> d, Span<T> dh)
    {
        int block = h.Length;
        var one = Vector<T>.One;
        for (int i = 0; i < block; i += Vector<T>.Count)
        {
            var z = Lanes.Load(s[..block], i);
            var u = Lanes.Load(s.Slice(block, block), i);
            var gv = Lanes.Load(g, i);
            Lanes.Store(gv * (Lanes.Load(h, i) - z) * u * (one - u), d[..block], i);
            Lanes.Store(gv * (one - u), d.Slice(block, block), i);
            Lanes.Store(gv * u, dh, i);
        }
    }
}
