using System.Numerics;
using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes;

/// <summary>
/// Spectral norms ||W_l||_2 = sigma_max(W_l) of the layers of a <see cref="Sequential{T}"/> built from
/// <see cref="Linear{T}"/> (its weight), <see cref="SpectralNorm{T}"/> (the normalised weight W / u^T W v
/// the layer applies) and elementwise activations. Pure: parameters and power-iteration buffers are untouched.
/// Cost per (m, n) layer: power iteration 4 m n flops per iteration (to residual tolerance), SVD O(m n min(m, n)).
/// </summary>
public static class SpectralNorms
{
    /// <summary>Per-layer power-iteration and exact singular values and the activations' Lipschitz constants.</summary>
    public static LayerSpectralNorms Of<T>(Sequential<T> model, Rng rng, int maxIterations = 5000, double tolerance = 1e-9)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rng);
        var power = new List<double>();
        var exact = new List<double>();
        var converged = new List<bool>();
        var activations = new List<double>();
        int l = 0;
        foreach (var layer in model.Layers)
        {
            if (EffectiveWeight(layer) is { } w)
            {
                int m = w.Shape[0], n = w.Shape[1];
                var a = w.ToDoubleArray();
                var triplet = PowerIteration.SpectralNorm(a, m, n, rng.Child($"layer{l++}"), maxIterations, tolerance);
                power.Add(triplet.Value);
                converged.Add(triplet.Converged);
                exact.Add(Svd.SingularValues(a, m, n)[0]);
            }
            else
            {
                activations.Add(ActivationLipschitz(layer));
            }
        }

        return new LayerSpectralNorms([.. power], [.. exact], [.. converged], [.. activations]);
    }

    /// <summary>
    /// The Lipschitz constant sup |phi'| of an elementwise activation module: 1 for identity, relu, tanh,
    /// hard-tanh and softplus, 1/4 for the sigmoid, 2 / sqrt(pi) for erf.
    /// </summary>
    public static double ActivationLipschitz<T>(Module<T> layer) where T : unmanaged, IFloatingPointIeee754<T> => layer switch
    {
        Identity<T> or Relu<T> or Tanh<T> or HardTanh<T> or Softplus<T> => 1.0,
        Sigmoid<T> => 0.25,
        Erf<T> => 2.0 / Math.Sqrt(Math.PI),
        _ => throw new ArgumentException($"SpectralNorms: no Lipschitz constant known for layer {layer.GetType().Name}; " +
            "supported: Linear, SpectralNorm, Identity, Relu, Tanh, HardTanh, Softplus, Sigmoid, Erf"),
    };

    /// <summary>The (out, in) matrix a weight layer applies, or null for a non-weight layer.</summary>
    private static Tensor<T>? EffectiveWeight<T>(Module<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (layer)
        {
            case Linear<T> lin when lin.MemberCount > 0:
                throw new ArgumentException($"SpectralNorms: ensemble Linear layers ({lin.MemberCount} members) are not supported");
            case Linear<T> lin:
                return lin.Weight;
            case SpectralNorm<T> sn:
                using (Autograd.NoGrad()) return sn.NormalizedWeight();
            default:
                return null;
        }
    }
}
