using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// Stochastic gradient descent, PyTorch's torch.optim.SGD without dampening:
/// plain w -= lr g; heavy-ball momentum (Polyak 1964) v = mu v + g, w -= lr v (v_0 = 0);
/// Nesterov (Sutskever et al. 2013, PyTorch form) v = mu v + g, w -= lr (g + mu v).
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

    protected override void Update(int slot, int offset, Span<T> w, ReadOnlySpan<T> g, T lr)
    {
        if (_velocity is null)
        {
            TensorPrimitives.MultiplyAdd(g, -lr, w, w);                  // w -= lr g
            return;
        }

        var v = _velocity[slot].Span.Slice(offset, w.Length);
        TensorPrimitives.MultiplyAdd(v, _mu, g, v);                      // v = mu v + g
        if (Nesterov)
        {
            var d = Scratch.AsSpan(0, w.Length);
            TensorPrimitives.MultiplyAdd(v, _mu, g, d);                  // d = g + mu v
            TensorPrimitives.MultiplyAdd(d, -lr, w, w);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(v, -lr, w, w);                  // w -= lr v
        }
    }
}
