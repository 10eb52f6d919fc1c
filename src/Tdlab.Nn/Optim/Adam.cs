using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1, in PyTorch's arithmetic): m = b1 m + (1 - b1) g,
/// v = b2 v + (1 - b2) g^2, w -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// AMSGrad (Reddi, Kale and Kumar 2018) uses v_max = max(v_max, v) in place of v.
/// With <see cref="ParamGroup{T}.DecoupledWeightDecay"/> it is AdamW (Loshchilov and Hutter 2019).
/// On a manifold (Riemannian Adam, Becigneul and Ganea 2019; geoopt optim/radam.py) g is the Riemannian
/// gradient, the step is a retraction, m is transported to the new point, and v (v_max) stays per
/// coordinate, untransported (geoopt's component_inner g * g).
/// </summary>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T>[] _m, _v;
    private readonly Tensor<T>[]? _vMax;
    private readonly T _beta1, _beta2, _eps;
    private T _correction1, _invSqrtCorrection2;

    public Adam(IEnumerable<ParamGroup<T>> groups, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, bool amsGrad = false)
        : base(groups)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        AmsGrad = amsGrad;
        (_beta1, _beta2, _eps) = (T.CreateTruncating(beta1), T.CreateTruncating(beta2), T.CreateTruncating(eps));
        _m = NewState();
        _v = NewState();
        if (amsGrad) _vMax = NewState();
    }

    public Adam(IEnumerable<Tensor<T>> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        bool amsGrad = false, double weightDecay = 0, double decoupledWeightDecay = 0)
        : this(OneGroup(parameters, lr, weightDecay, decoupledWeightDecay), beta1, beta2, eps, amsGrad)
    {
    }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Eps { get; }

    public bool AmsGrad { get; }

    protected override void BeginStep()
    {
        double t = StepCount;
        _correction1 = T.CreateTruncating(1 - Math.Pow(Beta1, t));
        _invSqrtCorrection2 = T.CreateTruncating(1 / Math.Sqrt(1 - Math.Pow(Beta2, t)));
    }

    protected override void Update(in ParameterSlice<T> p)
    {
        var g = p.Gradient;
        var m = p.State(_m);
        var v = p.State(_v);
        var d = Scratch.AsSpan(0, g.Length);
        TensorPrimitives.Lerp(m, g, T.One - _beta1, m);                // m = b1 m + (1 - b1) g
        TensorPrimitives.Multiply(g, g, d);
        TensorPrimitives.Lerp(v, d, T.One - _beta2, v);                // v = b2 v + (1 - b2) g^2
        if (_vMax is not null)
        {
            var vMax = p.State(_vMax);
            TensorPrimitives.Max(vMax, v, vMax);
            v = vMax;
        }

        TensorPrimitives.Sqrt(v, d);
        TensorPrimitives.Multiply(d, _invSqrtCorrection2, d);
        TensorPrimitives.Add(d, _eps, d);                               // sqrt(v) / sqrt(1 - b2^t) + eps
        TensorPrimitives.Divide(m, d, d);
        p.RetractTransport(d, -p.LearningRate / _correction1, m);       // w -= (lr / (1 - b1^t)) d; m to the tangent space at the new w
    }
}
