using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// RMSProp (Tieleman and Hinton 2012, lecture 6.5; PyTorch's form without momentum or centring):
/// s = alpha s + (1 - alpha) g^2, w -= lr g / (sqrt(s) + eps), s_0 = 0. On a manifold g is the
/// Riemannian gradient and the step a retraction; s is per coordinate and is not transported.
/// </summary>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T>[] _square;
    private readonly T _alpha, _eps;

    public RmsProp(IEnumerable<ParamGroup<T>> groups, double alpha = 0.99, double eps = 1e-8) : base(groups)
    {
        Alpha = alpha;
        Eps = eps;
        _alpha = T.CreateTruncating(alpha);
        _eps = T.CreateTruncating(eps);
        _square = NewState();
    }

    public RmsProp(IEnumerable<Tensor<T>> parameters, double lr, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double decoupledWeightDecay = 0)
        : this(OneGroup(parameters, lr, weightDecay, decoupledWeightDecay), alpha, eps)
    {
    }

    public double Alpha { get; }

    public double Eps { get; }

    protected override void Update(in ParameterSlice<T> p)
    {
        var g = p.Gradient;
        var s = p.State(_square);
        var d = Scratch.AsSpan(0, g.Length);
        TensorPrimitives.Multiply(g, g, d);
        TensorPrimitives.Lerp(s, d, T.One - _alpha, s);                // s = alpha s + (1 - alpha) g^2
        TensorPrimitives.Sqrt(s, d);
        TensorPrimitives.Add(d, _eps, d);
        TensorPrimitives.Divide(g, d, d);                               // g / (sqrt(s) + eps)
        p.Retract(d, -p.LearningRate);                                  // w -= lr d
    }
}
