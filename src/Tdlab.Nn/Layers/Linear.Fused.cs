using System.Numerics;
using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Nn;

/// <summary>
/// The fused affine op of <see cref="Linear{T}"/>, per member: y = phi(x W^T + b) as one GEMM (or the
/// narrow-input kernel, or row dot products for one output), the bias add and the pointwise phi applied in
/// one pass while the output is still in cache. phi is identity, relu, tanh or sigmoid, whose derivative is a
/// function of the output y: relu' = [y &gt; 0], tanh' = 1 - y^2, sigmoid' = y (1 - y); the values equal the
/// unfused Linear-then-activation bit for bit. Backward per member (Linear.Backward.cs): dz = g phi'(y), then
/// dx = dz W, dW = dz^T x and db = column sums of dz, dW and db straight into the parameters' .Grad when
/// <see cref="Autograd.LeafGradAccumulator{T}"/> offers it (written with GEMM beta = 0 after a ZeroGrad, added
/// with beta = 1 otherwise). The node that records these, for one layer or several in a row, is
/// <see cref="LinearChain"/>. Shapes: a single model takes x (..., in) (any leading axes, flattened to rows);
/// an ensemble takes x (E, B, in).
/// </summary>
public sealed partial class Linear<T>
{
    /// <summary>Whether <see cref="Forward(Tensor{T}, Activation)"/> fuses <paramref name="activation"/> into the layer.</summary>
    public static bool Fuses(Activation activation) =>
        activation is Activation.Identity or Activation.Relu or Activation.Tanh or Activation.Sigmoid;

    /// <summary>
    /// phi(x W^T + b) for <paramref name="activation"/> phi: one fused node where <see cref="Fuses"/> says so
    /// (and the input is not shared by the members of an ensemble), the layer then the activation otherwise.
    /// </summary>
    public Tensor<T> Forward(Tensor<T> x, Activation activation)
    {
        CheckInput(x);
        if (!Fuses(activation) || !Chains(x)) return Activations.Apply(Forward(x), activation);
        return LinearChain.Forward<T>([new(this, activation)], x);
    }

    /// <summary>Whether x goes through the fused op: a single model's (..., in), or an ensemble's own inputs (E, B, in).</summary>
    internal bool Chains(Tensor<T> x) => MemberCount == 0 || x.Rank == 3;

    // y_m = phi(x_m W_m^T + b_m) for member m (m = 0 for a single model); xs (rows, in), ys (rows, out)
    internal void ForwardMember(ReadOnlySpan<T> xs, Span<T> ys, int m, int rows, int threads, Activation phi)
    {
        int nIn = InFeatures, nOut = OutFeatures;
        ReadOnlySpan<T> ws = Weight.Span.Slice(m * nOut * nIn, nOut * nIn);
        ReadOnlySpan<T> bs = Bias is null ? default : Bias.Span.Slice(m * nOut, nOut);
        if (NarrowAffine.IsFast<T>(nOut, nIn))
        {
            NarrowAffine.Forward(xs, ws, bs, rows, nOut, nIn, ys, relu: phi == Activation.Relu);  // short input: bias (and relu) folded in
            if (phi != Activation.Relu) Activate(ys, phi);
            return;
        }

        if (nOut == 1)
        {
            Rows.Dot(xs, ws, rows, ys);                                                // a readout: one dot product per row
            if (Bias is not null) System.Numerics.Tensors.TensorPrimitives.Add(ys, bs[0], ys);
            Activate(ys, phi);
            return;
        }

        using (Parallelism.Limit(threads))
            Gemm.Compute(Transpose.None, Transpose.Transpose, rows, nOut, nIn, T.One, xs, nIn, ws, nIn, T.Zero, ys, nOut);
        if (Bias is null)
        {
            Activate(ys, phi);
            return;
        }

        switch (phi)                                                                   // bias and activation in one pass
        {
            case Activation.Relu: Rows.AddVectorRelu<T>(ys, bs, rows, ys); break;
            case Activation.Tanh: Rows.AddVectorTanh<T>(ys, bs, rows, ys); break;
            case Activation.Sigmoid: Rows.AddVectorSigmoid<T>(ys, bs, rows, ys); break;
            default: Rows.AddVector<T>(ys, bs, rows, ys); break;
        }
    }

    internal static void Activate(Span<T> y, Activation phi)
    {
        switch (phi)
        {
            case Activation.Relu: Elementwise.Relu<T>(y, y); break;
            case Activation.Tanh: Elementwise.Tanh<T>(y, y); break;
            case Activation.Sigmoid: Elementwise.Sigmoid<T>(y, y); break;
        }
    }

    // dz = g phi'(y), from the output y
    internal static void ActivationBackward(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dz, Activation phi)
    {
        switch (phi)
        {
            case Activation.Relu: Elementwise.ReluBackward(y, g, dz); break;                // [y > 0] = [z > 0]
            case Activation.Tanh: Elementwise.TanhBackward(y, g, dz); break;
            case Activation.Sigmoid: Elementwise.SigmoidBackward(y, g, dz); break;
            default: throw new ArgumentOutOfRangeException(nameof(phi), phi, "Linear: only relu, tanh and sigmoid have a fused backward");
        }
    }

    // the same dz with recorded ops (double backward); relu's mask has zero derivative
    internal static Tensor<T> RecordedActivationBackward(Tensor<T> y, Tensor<T> g, Activation phi) => phi switch
    {
        Activation.Relu => g * y.Step(),
        Activation.Tanh => g * (T.One - y.Square()),
        Activation.Sigmoid => g * y * (T.One - y),
        _ => g,
    };

    // the recorded op's name for this layer alone with phi fused
    internal static string OpName(Activation phi) => phi switch
    {
        Activation.Identity => "linear",
        Activation.Relu => "linear_relu",
        Activation.Tanh => "linear_tanh",
        _ => "linear_sigmoid",
    };
}
