using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// The parameters as one flat float64 vector, in <c>Module.Parameters()</c> order (the order of the Hessian probes' vectors),
/// whatever the model's precision (a float32 model rounds on <see cref="Set"/>).
/// </summary>
internal static class FlatParameters
{
    public static double[] Get<T>(IReadOnlyList<Tensor<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T> => Flatten(parameters);

    public static double[] Flatten<T>(IReadOnlyList<Tensor<T>> tensors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var flat = new double[tensors.Sum(t => t.Length)];
        int o = 0;
        foreach (var t in tensors)
        {
            var s = t.Span;
            for (int i = 0; i < s.Length; i++) flat[o + i] = double.CreateTruncating(s[i]);
            o += t.Length;
        }

        return flat;
    }

    public static void Set<T>(IReadOnlyList<Tensor<T>> parameters, ReadOnlySpan<double> flat) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int o = 0;
        foreach (var p in parameters)
        {
            var s = p.Span;
            for (int i = 0; i < s.Length; i++) s[i] = T.CreateTruncating(flat[o + i]);
            o += p.Length;
        }
    }
}
