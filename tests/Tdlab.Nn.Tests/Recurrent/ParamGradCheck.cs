using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests.Recurrent;

/// <summary>
/// Finite-difference checks in float64 (the pattern of Tdlab.Tensors.Tests GradCheck) for functions that
/// read their inputs from leaf tensors, such as a module's parameters: the leaves are moved in place along
/// a random tangent t, and &lt;c, (f(p + e t) - f(p - e t)) / 2e&gt; must equal sum_i &lt;J_i^T c, t_i&gt;.
/// The second-order check applies the same test to p -> J^T c computed with createGraph.
/// </summary>
internal static class ParamGradCheck
{
    public static void Check(Func<Tensor<double>> f, Tensor<double>[] leaves, string name,
        double eps = 1e-6, double tol = 1e-7, ulong seed = 1)
    {
        var rng = new Rng(seed, name);
        var y = f();
        var c = Tensor.Normal<double>(rng, y.Shape);
        var ts = leaves.Select(p => Tensor.Normal<double>(rng, p.Shape)).ToArray();

        var grads = Autograd.Grad([y], leaves, [c]);
        double analytic = 0;
        for (int i = 0; i < leaves.Length; i++) analytic += grads[i].Dot(ts[i]).ItemDouble();

        double numeric;
        using (Autograd.NoGrad())
        {
            Move(leaves, ts, eps);
            var plus = f();
            Move(leaves, ts, -2 * eps);
            var minus = f();
            Move(leaves, ts, eps);
            numeric = c.Dot(plus - minus).ItemDouble() / (2 * eps);
        }

        double scale = Math.Max(1.0, Math.Abs(numeric));
        Assert.True(Math.Abs(analytic - numeric) <= tol * scale,
            $"{name}: VJP {analytic:R} vs finite difference {numeric:R} (diff {Math.Abs(analytic - numeric):E3})");
    }

    /// <summary>First-order check of f, then of p -> concat_i vec(J_i^T c) (recorded) as a function of the leaves.</summary>
    public static void CheckTwice(Func<Tensor<double>> f, Tensor<double>[] leaves, string name, double tol2 = 1e-6)
    {
        Check(f, leaves, name);
        Tensor<double> c;
        using (Autograd.NoGrad()) c = Tensor.Normal<double>(new Rng(7, name + "/c"), f().Shape);
        Check(() =>
        {
            using var rec = Autograd.EnableGrad();   // the finite differences run under NoGrad
            var g = Autograd.Grad([f()], leaves, [c], createGraph: true);
            return Tensor.Concat(g.Select(t => t.Reshape(-1)).ToList());
        }, leaves, name + " (second order)", tol: tol2);
    }

    /// <summary>A leaf that requires grad, N(0, std^2).</summary>
    public static Tensor<double> Leaf(ulong seed, string name, double std, params int[] dims)
    {
        var t = Tensor.Normal<double>(new Rng(seed, name), new Shape(dims), 0, std);
        t.RequiresGrad = true;
        return t;
    }

    private static void Move(Tensor<double>[] leaves, Tensor<double>[] ts, double step)
    {
        for (int i = 0; i < leaves.Length; i++) leaves[i].AddInPlace(ts[i], step);
    }
}
