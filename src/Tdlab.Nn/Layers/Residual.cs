using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>Residual block y = h + scale * f(h) (He et al. 2016; a small scale, e.g. 1/sqrt(depth), keeps deep stacks stable).</summary>
public sealed class Residual<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _scale;

    public Residual(Module<T> branch, double scale = 1.0)
    {
        Branch = AddModule("branch", branch ?? throw new ArgumentNullException(nameof(branch)));
        Scale = scale;
        _scale = T.CreateTruncating(scale);
    }

    public Module<T> Branch { get; }

    public double Scale { get; }

    public override Tensor<T> Forward(Tensor<T> x)
    {
        var f = Branch.Forward(x);
        if (f.Shape != x.Shape) throw new ArgumentException($"Residual: branch maps {x.Shape} to {f.Shape}; shapes must agree");
        return x + (Scale == 1.0 ? f : f * _scale);
    }
}
