using Tdlab.Tensors.Random;

namespace Tdlab.Nn;

/// <summary>
/// Where a model's random initial values come from: one random stream and one weight scale per member.
/// A single model (<see cref="Single"/>) has one member and no member axis; an ensemble
/// (<see cref="Ensemble(IReadOnlyList{Tdlab.Tensors.Random.Rng}, IReadOnlyList{double})"/>) of E members gives every parameter a leading member axis of length E, and
/// member e draws its slices from its own stream in the same order as a single model with that stream,
/// so that it starts from exactly the same values.
/// </summary>
public sealed class Members
{
    private readonly Rng[] _rngs;
    private readonly double[] _scales;

    private Members(Rng[] rngs, double[] scales, bool isEnsemble)
    {
        if (rngs.Length == 0) throw new ArgumentException("Members: needs at least one random stream");
        if (scales.Length != rngs.Length)
            throw new ArgumentException($"Members: {scales.Length} scales for {rngs.Length} members");
        _rngs = rngs;
        _scales = scales;
        IsEnsemble = isEnsemble;
    }

    /// <summary>True when parameters carry a leading member axis.</summary>
    public bool IsEnsemble { get; }

    /// <summary>Number of members (1 for a single model).</summary>
    public int Count => _rngs.Length;

    /// <summary>Length of the leading member axis: <see cref="Count"/> for an ensemble, 0 (no axis) otherwise.</summary>
    public int Axis => IsEnsemble ? Count : 0;

    /// <summary>Member e's random stream.</summary>
    public Rng Rng(int member) => _rngs[member];

    /// <summary>Member e's weight scale: drawn weights are multiplied by it (biases are not).</summary>
    public double Scale(int member) => _scales[member];

    /// <summary>A single model drawing from <paramref name="rng"/>, weights multiplied by <paramref name="scale"/>.</summary>
    public static Members Single(Rng rng, double scale = 1.0) => new([rng], [scale], false);

    /// <summary>An ensemble with one stream per member and optional per-member weight scales (default 1).</summary>
    public static Members Ensemble(IReadOnlyList<Rng> rngs, IReadOnlyList<double>? scales = null) =>
        new([.. rngs], scales is null ? Enumerable.Repeat(1.0, rngs.Count).ToArray() : [.. scales], true);

    /// <summary>An ensemble whose member e draws from <c>new Rng(seeds[e], stream)</c>.</summary>
    public static Members Ensemble(IReadOnlyList<ulong> seeds, string stream, IReadOnlyList<double>? scales = null) =>
        Ensemble(seeds.Select(s => new Rng(s, stream)).ToList(), scales);

    public static implicit operator Members(Rng rng) => Single(rng);
}
