using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>
/// Finite-difference checks of a scalar loss of a module with respect to leaves that the module owns
/// (parameters, and a leaf input), perturbing them in place, in float64:
/// first order &lt;g, t&gt; == (L(w + e t) - L(w - e t)) / 2e, second order
/// &lt;c, H t&gt; == &lt;c, g(w + e t) - g(w - e t)&gt; / 2e with H t by double backward.
/// </summary>
internal static class ParamCheck
{
    public static void Check(Func<Tensor<double>> loss, Tensor<double>[] leaves, string name,
        double eps = 1e-6, double tol = 1e-7, double tol2 = 1e-6, bool secondOrder = true)
    {
        var rng = new Rng(11, name);
        var ts = leaves.Select(x => Tensor.Normal<double>(rng, x.Shape)).ToArray();
        var cs = leaves.Select(x => Tensor.Normal<double>(rng, x.Shape)).ToArray();

        var g = Autograd.Grad([loss()], leaves, createGraph: true);
        double analytic = 0;
        for (int i = 0; i < leaves.Length; i++) analytic += g[i].Dot(ts[i]).ItemDouble();
        double numeric = Central(eps, leaves, ts, () =>
        {
            using (Autograd.NoGrad()) return loss().ItemDouble();
        });
        Close(name, analytic, numeric, tol);

        if (!secondOrder) return;
        Tensor<double> gt = g[0].Dot(ts[0]);
        for (int i = 1; i < leaves.Length; i++) gt = gt + g[i].Dot(ts[i]);
        var ht = Autograd.Grad([gt], leaves);
        double analytic2 = 0;
        for (int i = 0; i < leaves.Length; i++) analytic2 += ht[i].Dot(cs[i]).ItemDouble();
        double numeric2 = Central(eps, leaves, ts, () =>
        {
            var gi = Autograd.Grad([loss()], leaves);
            double s = 0;
            for (int i = 0; i < leaves.Length; i++) s += gi[i].Dot(cs[i]).ItemDouble();
            return s;
        });
        Close(name + " (second order)", analytic2, numeric2, tol2);
    }

    private static double Central(double eps, Tensor<double>[] leaves, Tensor<double>[] ts, Func<double> f)
    {
        Shift(leaves, ts, eps);
        double plus = f();
        Shift(leaves, ts, -2 * eps);
        double minus = f();
        Shift(leaves, ts, eps);
        return (plus - minus) / (2 * eps);
    }

    private static void Shift(Tensor<double>[] leaves, Tensor<double>[] ts, double by)
    {
        for (int i = 0; i < leaves.Length; i++) leaves[i].AddInPlace(ts[i], by);
    }

    private static void Close(string name, double analytic, double numeric, double tol)
    {
        double scale = Math.Max(1.0, Math.Abs(numeric));
        Assert.True(Math.Abs(analytic - numeric) <= tol * scale,
            $"{name}: analytic {analytic:R} vs finite difference {numeric:R} (diff {Math.Abs(analytic - numeric):E3})");
    }
}
