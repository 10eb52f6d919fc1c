using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Testing;

/// <summary>
/// Finite-difference checks in float64 on a random tangent t and cotangent c (STYLE.md item 2):
/// &lt;c, (f(x + e t) - f(x - e t)) / 2e&gt; == sum_i &lt;J_i^T c, t_i&gt;.
/// The second-order check applies the same test to x -> J^T c computed with createGraph.
/// </summary>
internal static class GradCheck
{
    public static void Check(Func<Tensor<double>[], Tensor<double>> f, Tensor<double>[] inputs, string name,
        double eps = 1e-6, double tol = 1e-7, ulong seed = 1)
    {
        var rng = new Rng(seed, name);
        var xs = inputs.Select(Leaf).ToArray();
        var y = f(xs);
        var c = Tensor.Normal<double>(rng, y.Shape);
        var ts = inputs.Select(x => Tensor.Normal<double>(rng, x.Shape)).ToArray();

        var grads = Autograd.Grad([y], xs, [c]);
        double analytic = 0;
        for (int i = 0; i < xs.Length; i++) analytic += grads[i].Dot(ts[i]).ItemDouble();

        double numeric;
        using (Autograd.NoGrad())
        {
            var plus = f(inputs.Select((x, i) => x + ts[i] * eps).ToArray());
            var minus = f(inputs.Select((x, i) => x - ts[i] * eps).ToArray());
            numeric = c.Dot(plus - minus).ItemDouble() / (2 * eps);
        }

        double scale = Math.Max(1.0, Math.Abs(numeric));
        Assert.True(Math.Abs(analytic - numeric) <= tol * scale,
            $"{name}: VJP {analytic:R} vs finite difference {numeric:R} (diff {Math.Abs(analytic - numeric):E3})");
    }

    /// <summary>
    /// First-order check of f; then that the recorded backward (the composite ops used under createGraph) gives
    /// the same J^T c as the fused one; then the first-order check of that recorded VJP as a function of the inputs.
    /// </summary>
    public static void CheckTwice(Func<Tensor<double>[], Tensor<double>> f, Tensor<double>[] inputs, string name,
        double tol = 1e-7, double tol2 = 1e-6)
    {
        Check(f, inputs, name, tol: tol);
        RecordedMatchesFused(f, inputs, name);
        var rng = new Rng(7, name + "/c");
        Tensor<double> c;
        using (Autograd.NoGrad()) c = Tensor.Normal<double>(rng, f(inputs.Select(x => x.Clone()).ToArray()).Shape);
        Check(xs =>
        {
            // x -> concat_i vec(J_i^T c), recorded so it can be differentiated again
            using var rec = Autograd.EnableGrad();
            var leaves = xs.Select(x => x.RequiresGrad ? x : Leaf(x)).ToArray();
            var g = Autograd.Grad([f(leaves)], leaves, [c], createGraph: true);
            return Tensor.Concat(g.Select(t => t.Reshape(-1)).ToList());
        }, inputs, name + " (second order)", tol: tol2);
    }

    private static void RecordedMatchesFused(Func<Tensor<double>[], Tensor<double>> f, Tensor<double>[] inputs, string name)
    {
        var leaves = inputs.Select(Leaf).ToArray();
        var y = f(leaves);
        var c = Tensor.Normal<double>(new Rng(11, name + "/fused"), y.Shape);
        var fused = Autograd.Grad([y], leaves, [c]);
        var recorded = Autograd.Grad([f(leaves)], leaves, [c], createGraph: true);
        for (int i = 0; i < leaves.Length; i++)
            for (int k = 0; k < fused[i].Length; k++)
                Assert.True(Math.Abs(fused[i][k] - recorded[i][k]) <= 1e-12 * Math.Max(1, Math.Abs(fused[i][k])),
                    $"{name}: recorded backward {recorded[i][k]:R} differs from fused {fused[i][k]:R} at input {i}[{k}]");
    }

    public static Tensor<double> Leaf(Tensor<double> x)
    {
        var l = x.Clone();
        l.RequiresGrad = true;
        return l;
    }

    public static Tensor<double> Randn(ulong seed, params int[] dims) => Tensor.Normal<double>(new Rng(seed, "input"), new Shape(dims));

    public static Tensor<double> Positive(ulong seed, params int[] dims) => Randn(seed, dims).Abs() + 0.5;
}
