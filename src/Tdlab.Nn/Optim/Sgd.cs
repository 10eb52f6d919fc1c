using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// Stochastic gradient descent, PyTorch's torch.optim.SGD without dampening:
/// plain w -= lr g; heavy-ball momentum (Polyak 1964) v = mu v + g, w -= lr v (v_0 = 0);
/// Nesterov (Sutskever et al. 2013, PyTorch form) v = mu v + g, w -= lr (g + mu v).
/// On a manifold (Riemannian SGD, Bonnabel 2013; geoopt optim/rsgd.py) g is the Riemannian gradient,
/// "w -= lr d" is the retraction R_w(-lr d), and v is transported to the new point after each step.
/// </summary>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T>[]? _velocity;
    private readonly T _mu;

    public Sgd(IEnumerable<ParamGroup<T>> groups, double momentum = 0, bool nesterov = false) : base(groups)
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Sgd: momentum must be >= 0");
        if (nesterov && momentum == 0) throw new ArgumentException("Sgd: Nesterov needs momentum > 0");
        Momentum = momentum;
        Nesterov = nesterov;
        _mu = T.CreateTruncating(momentum);
        if (momentum != 0) _velocity = NewState();
    }

    public Sgd(IEnumerable<Tensor<T>> parameters, double lr, double momentum = 0, bool nesterov = false,
        double weightDecay = 0, double decoupledWeightDecay = 0)
        : this(OneGroup(parameters, lr, weightDecay, decoupledWeightDecay), momentum, nesterov)
    {
    }

    public double Momentum { get; }

    public bool Nesterov { get; }

    /// <summary>
    /// The velocity v of a parameter (as a flat span over all members), tangent at the current point after
    /// every step; empty without momentum.
    /// </summary>
    public ReadOnlySpan<T> Velocity(Tensor<T> parameter)
    {
        int slot = SlotOf(parameter);
        return _velocity is null ? [] : _velocity[slot].Span;
    }

    protected override void Update(in ParameterSlice<T> p)
    {
        var g = p.Gradient;
        var lr = p.LearningRate;
        if (_velocity is null)
        {
            p.Retract(g, -lr);                                           // w -= lr g
            return;
        }

        var v = p.State(_velocity);
        TensorPrimitives.MultiplyAdd(v, _mu, g, v);                      // v = mu v + g
        if (Nesterov)
        {
            var d = Scratch.AsSpan(0, v.Length);
            TensorPrimitives.MultiplyAdd(v, _mu, g, d);                  // d = g + mu v
            p.RetractTransport(d, -lr, v);                               // and v to the tangent space at the new w
        }
        else
        {
            p.RetractTransport(v, -lr, v);                               // w -= lr v; v to the tangent space at the new w
        }
    }
}
