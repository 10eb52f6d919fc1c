namespace Tdlab.Experiments.ParameterControl;

/// <summary>
/// The net with the 1-D learner fixed to the true function (seed 003, section 4.4.3): f(x) = g*(w^T x) with
/// g*(t) = sin(nu pi t); only w (d) is trained, by SGD on L = 1/2 sum_i (y_i - f(x_i))^2:
/// dL/dw = sum_i r_i g*'(t_i) x_i, r = f - y, g*'(t) = nu pi cos(nu pi t). Cost per example O(d).
/// </summary>
public sealed class FixedLinkModel(double[] w, double nu)
{
    /// <summary>The projection w (d), updated in place.</summary>
    public double[] W { get; } = w;

    public double Nu { get; } = nu;

    public double Output(ReadOnlySpan<double> x) => Math.Sin(Nu * Math.PI * Project(x));

    /// <summary>L on x (B, d), y (B) and its gradient into <paramref name="grad"/> (d, overwritten).</summary>
    public double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> grad)
    {
        int d = W.Length;
        grad.Clear();
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            var xi = x.Slice(i * d, d);
            double t = Project(xi), r = Math.Sin(Nu * Math.PI * t) - y[i];
            loss += 0.5 * r * r;
            double s = r * Nu * Math.PI * Math.Cos(Nu * Math.PI * t);
            for (int l = 0; l < d; l++) grad[l] += s * xi[l];
        }

        return loss;
    }

    /// <summary>One SGD step w &lt;- w - lr dL/dw; returns L before the update.</summary>
    public double Step(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double lr)
    {
        Span<double> grad = W.Length <= 256 ? stackalloc double[W.Length] : new double[W.Length];
        double loss = Gradient(x, y, grad);
        for (int l = 0; l < W.Length; l++) W[l] -= lr * grad[l];
        return loss;
    }

    private double Project(ReadOnlySpan<double> x)
    {
        double t = 0;
        for (int l = 0; l < W.Length; l++) t += W[l] * x[l];
        return t;
    }
}
