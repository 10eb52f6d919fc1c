using Tdlab.Probes.GaussNewton;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Probes.Tests.GaussNewton;

/// <summary>
/// The dense G = (1/B) sum_b J_b^T H_b J_b (P, P) from explicit Jacobians: J (B m, P), row (b, k) = d z_bk / d theta
/// by one backward per output entry; H_b = I (mean square) or diag(p_b) - p_b p_b^T (softmax cross-entropy). The
/// reference the matrix-free product and the estimators on it are checked against.
/// </summary>
internal static class DenseGaussNewton
{
    public static double[] Build(Func<Tensor<double>> outputs, IReadOnlyList<Tensor<double>> theta, OutputLoss loss)
    {
        int p = theta.Sum(t => t.Length);
        var flags = theta.Select(t => t.RequiresGrad).ToArray();
        foreach (var t in theta) t.RequiresGrad = true;
        try
        {
            using var rec = Autograd.EnableGrad();
            var z = outputs();
            int batch = z.Shape[0], m = z.Shape[1];
            var jac = new double[batch * m * p];
            for (int r = 0; r < batch * m; r++)
            {
                var e = Tensor.Zeros<double>(batch, m);
                e.Span[r] = 1;
                var grads = Autograd.Grad([z], theta, [e]);
                int offset = 0;
                foreach (var g in grads)
                {
                    g.Span.CopyTo(jac.AsSpan(r * p + offset, g.Length));
                    offset += g.Length;
                }
            }

            var probs = z.Detach().Softmax().ToDoubleArray();
            var gm = new double[p * p];
            for (int b = 0; b < batch; b++)
                for (int k = 0; k < m; k++)
                    for (int l = 0; l < m; l++)
                    {
                        double h = loss == OutputLoss.MeanSquare
                            ? (k == l ? 1 : 0)
                            : (k == l ? probs[b * m + k] : 0) - probs[b * m + k] * probs[b * m + l];
                        if (h == 0) continue;
                        var jk = jac.AsSpan((b * m + k) * p, p);
                        var jl = jac.AsSpan((b * m + l) * p, p);
                        for (int i = 0; i < p; i++)
                        {
                            double hi = h * jk[i] / batch;
                            var row = gm.AsSpan(i * p, p);
                            for (int j = 0; j < p; j++) row[j] += hi * jl[j];
                        }
                    }

            return gm;
        }
        finally
        {
            for (int i = 0; i < theta.Count; i++) theta[i].RequiresGrad = flags[i];
        }
    }
}
