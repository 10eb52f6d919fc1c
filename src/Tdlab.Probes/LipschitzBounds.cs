using System.Numerics;
using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Linalg;

namespace Tdlab.Probes;

/// <summary>
/// Empirical lower bound on the Lipschitz constant of a network: Lip(f) &gt;= max_i ||J(x_i)||_2 over a batch
/// (a Lipschitz f has ||J(x)||_2 &lt;= Lip(f) wherever it is differentiable). The upper bound is
/// <see cref="SpectralNorms"/>' product of layer norms.
/// </summary>
public static class LipschitzBounds
{
    /// <summary>
    /// Exact ||J(x_i)||_2 of every row x_i of <paramref name="x"/> (B, in) for the model in its current mode
    /// (call Eval() first so spectral normalisation does not update its vectors). The model must act on
    /// rows independently (no batch statistics). Builds the explicit per-example Jacobians J_i (out, in)
    /// with one batched VJP per output k (cotangent e_k on every row gives row i of the result = J_i^T e_k),
    /// then takes the largest singular value of each by SVD.
    /// Cost: one forward, `out` backwards over the batch, and B SVDs of (out, in).
    /// </summary>
    public static InputJacobianNorms InputJacobian<T>(Module<T> model, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        return InputJacobian(model.Forward, x);
    }

    /// <summary><see cref="InputJacobian{T}(Module{T}, Tensor{T})"/> for a row-wise function f: (B, in) -&gt; (B, out).</summary>
    public static InputJacobianNorms InputJacobian<T>(Func<Tensor<T>, Tensor<T>> f, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        if (x.Rank != 2)
            throw new ArgumentException($"LipschitzBounds.InputJacobian: input must be (B, in), got shape {x.Shape}");
        int batch = x.Shape[0], inputs = x.Shape[1];
        var xi = x.Detach().Clone();
        xi.RequiresGrad = true;
        using var rec = Autograd.EnableGrad();
        var y = f(xi);                                                      // (B, out)
        if (y.Rank != 2 || y.Shape[0] != batch)
            throw new ArgumentException($"LipschitzBounds.InputJacobian: output must be (B, out) with B = {batch}, got shape {y.Shape}");
        int outputs = y.Shape[1];
        var jac = new double[batch * outputs * inputs];                     // (B, out, in)
        var e = Tensor.Zeros<T>(y.Shape);
        for (int k = 0; k < outputs; k++)
        {
            var es = e.Span;
            es.Clear();
            for (int i = 0; i < batch; i++) es[i * outputs + k] = T.One;
            var g = Autograd.Grad([y], [xi], [e])[0].ToDoubleArray();       // (B, in): row i = J_i^T e_k
            for (int i = 0; i < batch; i++)
                Array.Copy(g, i * inputs, jac, (i * outputs + k) * inputs, inputs);
        }

        var norms = new double[batch];
        for (int i = 0; i < batch; i++)
            norms[i] = Svd.SingularValues(jac.AsSpan(i * outputs * inputs, outputs * inputs), outputs, inputs)[0];
        return new InputJacobianNorms(norms);
    }
}
