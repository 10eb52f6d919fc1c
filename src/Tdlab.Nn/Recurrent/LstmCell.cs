using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// Long short-term memory with PyTorch's equations (torch.nn.LSTMCell; Hochreiter and Schmidhuber 1997):
/// [i, f, g, o] = W_ih x + b_ih + W_hh h + b_hh, i = sigmoid, f = sigmoid, g = tanh, o = sigmoid,
/// c' = f * c + i * g, h' = o * tanh(c'). Parameters: weight_ih (4H, n_in), weight_hh (4H, H),
/// bias_ih (4H), bias_hh (4H), gate blocks in the order i, f, g, o. <see cref="ForgetBias"/> is added to
/// bias_ih's f block at initialisation (1 is the usual choice, Jozefowicz et al. 2015).
/// The fused step outputs (2, B, H) = [h', c']; the state's H and C are views of its two rows.
/// </summary>
public sealed class LstmCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public LstmCell(int inputSize, int hiddenSize, Rng rng, RecurrentInit? init = null, double forgetBias = 0.0)
        : base(inputSize, hiddenSize)
    {
        ForgetBias = forgetBias;
        WeightIh = AddParameter("weight_ih", ParameterRole.Input, 4, hiddenSize, inputSize);
        WeightHh = AddParameter("weight_hh", ParameterRole.Recurrent, 4, hiddenSize, hiddenSize);
        BiasIh = AddParameter("bias_ih", ParameterRole.Bias, 4, hiddenSize);
        BiasHh = AddParameter("bias_hh", ParameterRole.SecondBias, 4, hiddenSize);
        Initialise(rng, init ?? RecurrentInit.PyTorch);
    }

    public double ForgetBias { get; }

    public override bool HasCellState => true;

    public Tensor<T> WeightIh { get; }

    public Tensor<T> WeightHh { get; }

    public Tensor<T> BiasIh { get; }

    public Tensor<T> BiasHh { get; }

    protected override void AfterInitialise()
    {
        var f = BiasIh.Span.Slice(HiddenSize, HiddenSize);
        TensorPrimitives.Add(f, T.CreateTruncating(ForgetBias), f);
    }

    public override RecurrentState<T> Step(Tensor<T> x, RecurrentState<T> state)
    {
        int batch = CheckStep(x, state), n = InputSize, hs = HiddenSize, block = batch * hs;
        Tensor<T> h = state.H, c = state.C!, wih = WeightIh, whh = WeightHh, bih = BiasIh, bhh = BiasHh;

        // s = [i, f, g, o, tanh(c')] (5, B, H)
        var s = Tensor.Empty<T>(5, batch, hs);
        var ss = s.Span;
        for (int gate = 0; gate < 4; gate++)
        {
            var dst = ss.Slice(gate * block, block);
            GateGemm.FillRows(dst, bih.Span.Slice(gate * hs, hs), bhh.Span.Slice(gate * hs, hs), batch);
            GateGemm.Project(x.Span, batch, n, wih.Span, gate, hs, dst, T.One);
            GateGemm.Project(h.Span, batch, hs, whh.Span, gate, hs, dst, T.One);
        }

        TensorPrimitives.Sigmoid(ss[..(2 * block)], ss[..(2 * block)]);
        TensorPrimitives.Tanh(ss.Slice(2 * block, block), ss.Slice(2 * block, block));
        TensorPrimitives.Sigmoid(ss.Slice(3 * block, block), ss.Slice(3 * block, block));

        var y = Tensor.Empty<T>(2, batch, hs);   // [h', c']
        var ys = y.Span;
        var cNew = ys.Slice(block, block);
        TensorPrimitives.Multiply(ss.Slice(block, block), c.Span, cNew);                         // f c
        TensorPrimitives.FusedMultiplyAdd(ss[..block], ss.Slice(2 * block, block), cNew, cNew);  // + i g
        TensorPrimitives.Tanh(cNew, ss.Slice(4 * block, block));
        TensorPrimitives.Multiply(ss.Slice(3 * block, block), ss.Slice(4 * block, block), ys[..block]);   // o tanh(c')

        var output = FusedStep.Record("lstm_step", y, [x, h, c, wih, whh, bih, bhh], g =>
        {
            var d = Tensor.Empty<T>(4, batch, hs);
            var dc = Tensor.Empty<T>(batch, hs);
            Backward(s.Span, c.Span, g.Span, d.Span, dc.Span);
            ReadOnlySpan<T> ds = d.Span;
            Tensor<T>? dx = null, dh = null, dwih = null, dwhh = null, dbih = null, dbhh = null;
            for (int gate = 0; gate < 4; gate++)
            {
                var dg = ds.Slice(gate * block, block);
                var beta = gate == 0 ? T.Zero : T.One;
                if (x.RequiresGrad) GateGemm.Back(dg, batch, hs, wih.Span, gate, n, (dx ??= Tensor.Empty<T>(batch, n)).Span, beta);
                if (h.RequiresGrad) GateGemm.Back(dg, batch, hs, whh.Span, gate, hs, (dh ??= Tensor.Empty<T>(batch, hs)).Span, beta);
                if (wih.RequiresGrad) GateGemm.WeightGrad(dg, x.Span, batch, hs, n, (dwih ??= Tensor.Empty<T>(4 * hs, n)).Span, gate);
                if (whh.RequiresGrad) GateGemm.WeightGrad(dg, h.Span, batch, hs, hs, (dwhh ??= Tensor.Empty<T>(4 * hs, hs)).Span, gate);
            }

            // both biases enter every gate's pre-activation alike
            if (bih.RequiresGrad || bhh.RequiresGrad)
            {
                var db = Tensor.Empty<T>(4 * hs);
                for (int gate = 0; gate < 4; gate++) GateGemm.ColumnSums(ds.Slice(gate * block, block), batch, db.Span.Slice(gate * hs, hs));
                dbih = bih.RequiresGrad ? db : null;
                dbhh = bhh.RequiresGrad ? (bih.RequiresGrad ? db.Clone() : db) : null;
            }

            return [dx, dh, c.RequiresGrad ? dc : null, dwih, dwhh, dbih, dbhh];
        }, Composite);
        return new RecurrentState<T>(output.SliceRows(0, 1).Reshape(batch, hs), output.SliceRows(1, 1).Reshape(batch, hs));
    }

    public override RecurrentState<T> StepReference(Tensor<T> x, RecurrentState<T> state)
    {
        int batch = CheckStep(x, state);
        var y = Composite([x, state.H, state.C!, WeightIh, WeightHh, BiasIh, BiasHh]);
        return new RecurrentState<T>(y.SliceRows(0, 1).Reshape(batch, HiddenSize), y.SliceRows(1, 1).Reshape(batch, HiddenSize));
    }

    // inputs: x, h, c, W_ih, W_hh, b_ih, b_hh; output [h', c'] (2, B, H)
    private Tensor<T> Composite(Tensor<T>[] p)
    {
        int hs = HiddenSize;
        var a = p[0].MatMul(p[3], transB: true) + p[5] + p[1].MatMul(p[4], transB: true) + p[6];   // (B, 4H)
        var i = a.Narrow(1, 0, hs).Sigmoid();
        var f = a.Narrow(1, hs, hs).Sigmoid();
        var g = a.Narrow(1, 2 * hs, hs).Tanh();
        var o = a.Narrow(1, 3 * hs, hs).Sigmoid();
        var c = f * p[2] + i * g;
        return Tensor.Stack([o * c.Tanh(), c]);
    }

    // gh = dL/dh', gc = dL/dc' (direct); dc = gc + gh o (1 - tanh(c')^2); da_i = dc g i (1 - i);
    // da_f = dc c f (1 - f); da_g = dc i (1 - g^2); da_o = gh tanh(c') o (1 - o); dc_prev = dc f
    private static void Backward(ReadOnlySpan<T> s, ReadOnlySpan<T> c, ReadOnlySpan<T> grad, Span<T> d, Span<T> dcPrev)
    {
        int block = c.Length;
        var one = Vector<T>.One;
        for (int k = 0; k < block; k += Vector<T>.Count)
        {
            var i = Lanes.Load(s[..block], k);
            var f = Lanes.Load(s.Slice(block, block), k);
            var g = Lanes.Load(s.Slice(2 * block, block), k);
            var o = Lanes.Load(s.Slice(3 * block, block), k);
            var tc = Lanes.Load(s.Slice(4 * block, block), k);
            var gh = Lanes.Load(grad[..block], k);
            var dc = Lanes.Load(grad.Slice(block, block), k) + gh * o * (one - tc * tc);
            Lanes.Store(dc * g * i * (one - i), d[..block], k);
            Lanes.Store(dc * Lanes.Load(c, k) * f * (one - f), d.Slice(block, block), k);
            Lanes.Store(dc * i * (one - g * g), d.Slice(2 * block, block), k);
            Lanes.Store(gh * tc * o * (one - o), d.Slice(3 * block, block), k);
            Lanes.Store(dc * f, dcPrev, k);
        }
    }
}
