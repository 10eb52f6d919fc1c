using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn;

/// <summary>
/// One initialisation scheme (see <see cref="Init"/> for the catalogue): fills a (fanOut, fanIn) weight
/// matrix, row-major as PyTorch's (out, in), or a bias of length fanOut drawn with the weight's fans.
/// Values are drawn in double and rounded to T, so a float and a double model with the same stream
/// start from the same values up to rounding.
/// </summary>
public sealed class Initializer
{
    /// <summary>Fills values (fanOut * fanIn for a matrix, fanOut for a bias) from the stream.</summary>
    internal delegate void FillFunction(Span<double> values, int fanOut, int fanIn, Rng rng);

    private readonly FillFunction _fill;

    internal Initializer(string name, FillFunction fill)
    {
        Name = name;
        _fill = fill;
    }

    /// <summary>The scheme and its hyperparameters, e.g. "kaiming_normal(gain=1.414, fan_in)".</summary>
    public string Name { get; }

    /// <summary>Draws into <paramref name="dst"/> for a layer with the given fans, then multiplies by <paramref name="scale"/>.</summary>
    public void Fill<T>(Span<T> dst, int fanOut, int fanIn, Rng rng, double scale = 1.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (fanOut <= 0 || fanIn <= 0)
            throw new ArgumentException($"{Name}: fans must be positive, got fan_out {fanOut}, fan_in {fanIn}");
        var values = new double[dst.Length];
        _fill(values, fanOut, fanIn, rng);
        for (int i = 0; i < dst.Length; i++) dst[i] = T.CreateTruncating(scale * values[i]);
    }

    /// <summary>Fills a (out, in) weight matrix in place; fan_in = in, fan_out = out.</summary>
    public Tensor<T> Apply<T>(Tensor<T> weight, Rng rng, double scale = 1.0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weight.Rank != 2) throw new ArgumentException($"{Name}: Apply needs a (out, in) matrix, got {weight.Shape}");
        Fill(weight.Span, weight.Shape[0], weight.Shape[1], rng, scale);
        return weight;
    }

    public override string ToString() => Name;
}
