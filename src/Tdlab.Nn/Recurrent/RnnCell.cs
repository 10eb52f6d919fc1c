using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// Vanilla (Elman) RNN cell: h_t = phi(W h_{t-1} + U x_t + b), phi = tanh by default.
/// Parameters: weight_ih U (H, n_in), weight_hh W (H, H), bias b (H).
/// Backward (a = pre-activation, g = dL/dh_t): da = g * phi'(a) (tanh: g (1 - h_t^2)),
/// dh_{t-1} = da W, dW = da^T h_{t-1}, dU = da^T x_t, db = sum_rows da, dx_t = da U.
/// </summary>
public sealed class RnnCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public RnnCell(int inputSize, int hiddenSize, Rng rng, RecurrentInit? init = null, RnnActivation activation = RnnActivation.Tanh)
        : base(inputSize, hiddenSize)
    {
        Activation = activation;
        WeightIh = AddParameter("weight_ih", ParameterRole.Input, 1, hiddenSize, inputSize);
        WeightHh = AddParameter("weight_hh", ParameterRole.Recurrent, 1, hiddenSize, hiddenSize);
        Bias = AddParameter("bias", ParameterRole.Bias, 1, hiddenSize);
        Initialise(rng, init ?? RecurrentInit.PyTorch);
    }

    public RnnActivation Activation { get; }

    /// <summary>U (H, n_in).</summary>
    public Tensor<T> WeightIh { get; }

    /// <summary>W (H, H).</summary>
    public Tensor<T> WeightHh { get; }

    /// <summary>b (H).</summary>
    public Tensor<T> Bias { get; }

    public override RecurrentState<T> Step(Tensor<T> x, RecurrentState<T> state)
    {
        int batch = CheckStep(x, state), n = InputSize, hs = HiddenSize;
        var h = state.H;
        Tensor<T> wih = WeightIh, whh = WeightHh, b = Bias;

        // y = phi(b + x U^T + h W^T)   (B, H)
        var y = Tensor.Empty<T>(batch, hs);
        var ys = y.Span;
        GateGemm.FillRows(ys, b.Span, batch);
        GateGemm.Project(x.Span, batch, n, wih.Span, 0, hs, ys, T.One);
        GateGemm.Project(h.Span, batch, hs, whh.Span, 0, hs, ys, T.One);
        switch (Activation)
        {
            case RnnActivation.Tanh: TensorPrimitives.Tanh(ys, ys); break;
            case RnnActivation.Relu: TensorPrimitives.Max(ys, T.Zero, ys); break;
        }

        var activation = Activation;
        var output = FusedStep.Record("rnn_step", y, [x, h, wih, whh, b], g =>
        {
            var da = Tensor.Empty<T>(batch, hs);
            ActivationBackward(activation, y.Span, g.Span, da.Span);
            ReadOnlySpan<T> d = da.Span;
            Tensor<T>? dx = null, dh = null, dwih = null, dwhh = null, db = null;
            if (x.RequiresGrad) GateGemm.Back(d, batch, hs, wih.Span, 0, n, (dx = Tensor.Empty<T>(batch, n)).Span, T.Zero);
            if (h.RequiresGrad) GateGemm.Back(d, batch, hs, whh.Span, 0, hs, (dh = Tensor.Empty<T>(batch, hs)).Span, T.Zero);
            if (wih.RequiresGrad) GateGemm.WeightGrad(d, x.Span, batch, hs, n, (dwih = Tensor.Empty<T>(hs, n)).Span, 0);
            if (whh.RequiresGrad) GateGemm.WeightGrad(d, h.Span, batch, hs, hs, (dwhh = Tensor.Empty<T>(hs, hs)).Span, 0);
            if (b.RequiresGrad) GateGemm.ColumnSums(d, batch, (db = Tensor.Empty<T>(hs)).Span);
            return [dx, dh, dwih, dwhh, db];
        }, Composite);
        return new RecurrentState<T>(output);
    }

    public override RecurrentState<T> StepReference(Tensor<T> x, RecurrentState<T> state)
    {
        CheckStep(x, state);
        return new RecurrentState<T>(Composite([x, state.H, WeightIh, WeightHh, Bias]));
    }

    // inputs: x, h, U, W, b
    private Tensor<T> Composite(Tensor<T>[] p)
    {
        var a = p[0].MatMul(p[2], transB: true) + p[1].MatMul(p[3], transB: true) + p[4];
        return Activation switch
        {
            RnnActivation.Tanh => a.Tanh(),
            RnnActivation.Relu => a.Relu(),
            _ => a,
        };
    }

    // da = g * phi'(a), written through the output y = phi(a)
    private static void ActivationBackward(RnnActivation activation, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> da)
    {
        switch (activation)
        {
            case RnnActivation.Tanh:
                GateMath.TanhBackward(y, g, da);
                break;
            case RnnActivation.Relu:
                for (int i = 0; i < da.Length; i++) da[i] = y[i] > T.Zero ? g[i] : T.Zero;
                break;
            default:
                g.CopyTo(da);
                break;
        }
    }
}
