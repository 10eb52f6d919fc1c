using System.Numerics;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// The recurrent cells' Gaussian and uniform fills, drawn directly in T (the shared <see cref="Initializer"/>s
/// draw in double and round, which gives other float32 bits; stored results pin these). Orthogonal blocks
/// come from the shared <see cref="Tdlab.Tensors.Linalg.Orthogonal.FillGramSchmidt{T}"/>.
/// </summary>
internal static class RecurrentWeights
{
    public static void Gaussian<T>(Span<T> dst, double std, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (std == 0) dst.Clear();
        else rng.Normal(dst, T.Zero, T.CreateTruncating(std));
    }

    public static void Uniform<T>(Span<T> dst, double bound, Rng rng) where T : unmanaged, IFloatingPointIeee754<T> =>
        rng.Uniform(dst, T.CreateTruncating(-bound), T.CreateTruncating(bound));
}
