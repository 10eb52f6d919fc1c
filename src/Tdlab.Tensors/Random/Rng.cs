using System.Numerics;

namespace Tdlab.Tensors.Random;

/// <summary>
/// A counter-based generator: the i-th 64-bit word of a stream is Mix(key + i * gamma) with
/// key = Derive(seed, stream), gamma the golden-ratio constant (the SplitMix64 construction, which passes
/// BigCrush). The stream depends only on (seed, stream name), so any draw can be reproduced on any
/// thread; <see cref="Child"/> gives independent named sub-streams.
/// </summary>
public sealed class Rng
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private readonly ulong _key;
    private ulong _counter;

    public Rng(ulong seed, string stream = "")
    {
        Seed = seed;
        Stream = stream;
        _key = Seeds.Derive(seed, stream);
    }

    public ulong Seed { get; }

    public string Stream { get; }

    /// <summary>How many 64-bit words have been drawn.</summary>
    public ulong Position => _counter;

    /// <summary>An independent generator for the named sub-stream.</summary>
    public Rng Child(string name) => new(Seeds.Derive(_key, name), name);

    public ulong NextUInt64() => Seeds.Mix(_key + (++_counter) * Gamma);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "NextInt needs n > 0");
        ulong bound = (ulong)n;
        while (true)
        {
            UInt128 prod = (UInt128)NextUInt64() * bound;
            ulong low = (ulong)prod;
            if (low >= bound || low >= (0UL - bound) % bound)
                return (int)(prod >> 64);
        }
    }

    /// <summary>Standard normal by Box-Muller: sqrt(-2 ln u1) cos(2 pi u2), u1 in (0, 1].</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>dst[i] ~ N(mean, std^2), i.i.d.; both Box-Muller outputs are used.</summary>
    public void Normal<T>(Span<T> dst, T mean, T std) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double m = double.CreateTruncating(mean), s = double.CreateTruncating(std);
        int i = 0;
        for (; i + 1 < dst.Length; i += 2)
        {
            double u1 = 1.0 - NextDouble(), u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1)), th = 2.0 * Math.PI * u2;
            dst[i] = T.CreateTruncating(m + s * r * Math.Cos(th));
            dst[i + 1] = T.CreateTruncating(m + s * r * Math.Sin(th));
        }

        if (i < dst.Length)
            dst[i] = T.CreateTruncating(m + s * NextNormal());
    }

    /// <summary>dst[i] ~ U[lo, hi), i.i.d.</summary>
    public void Uniform<T>(Span<T> dst, T lo, T hi) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double a = double.CreateTruncating(lo), w = double.CreateTruncating(hi) - a;
        for (int i = 0; i < dst.Length; i++)
            dst[i] = T.CreateTruncating(a + w * NextDouble());
    }

    /// <summary>dst[i] = 1 with probability p, else 0.</summary>
    public void Bernoulli<T>(Span<T> dst, double p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < dst.Length; i++)
            dst[i] = NextDouble() < p ? T.One : T.Zero;
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }
}
