using Tdlab.Tensors;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>The parameters as one flat vector, in <c>Module.Parameters()</c> order (the order of the Hessian probes' vectors).</summary>
internal static class FlatParameters
{
    public static double[] Get(IReadOnlyList<Tensor<double>> parameters) => Flatten(parameters);

    public static double[] Flatten(IReadOnlyList<Tensor<double>> tensors)
    {
        var flat = new double[tensors.Sum(t => t.Length)];
        int o = 0;
        foreach (var t in tensors)
        {
            t.Span.CopyTo(flat.AsSpan(o));
            o += t.Length;
        }

        return flat;
    }

    public static void Set(IReadOnlyList<Tensor<double>> parameters, ReadOnlySpan<double> flat)
    {
        int o = 0;
        foreach (var p in parameters)
        {
            flat.Slice(o, p.Length).CopyTo(p.Span);
            o += p.Length;
        }
    }
}
