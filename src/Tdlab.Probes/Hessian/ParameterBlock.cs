namespace Tdlab.Probes.Hessian;

/// <summary>
/// A contiguous range [Offset, Offset + Length) of the flat parameter vector: one parameter tensor, or one
/// layer's tensors together (e.g. "0" for "0.weight" and "0.bias"). Blocks of a
/// <see cref="HessianOperator{T}"/> follow <c>Module.Parameters()</c> order.
/// </summary>
public sealed record ParameterBlock(string Name, int Offset, int Length)
{
    public int End => Offset + Length;

    /// <summary>One block per layer: consecutive parameters sharing the name before their last dot ("0.weight", "0.bias" -> "0").</summary>
    public static IReadOnlyList<ParameterBlock> ByLayer(IReadOnlyList<ParameterBlock> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var layers = new List<ParameterBlock>();
        foreach (var p in parameters)
        {
            int dot = p.Name.LastIndexOf('.');
            string layer = dot < 0 ? p.Name : p.Name[..dot];
            if (layers.Count > 0 && layers[^1].Name == layer && layers[^1].End == p.Offset)
                layers[^1] = layers[^1] with { Length = layers[^1].Length + p.Length };
            else
                layers.Add(new ParameterBlock(layer, p.Offset, p.Length));
        }

        return layers;
    }
}
