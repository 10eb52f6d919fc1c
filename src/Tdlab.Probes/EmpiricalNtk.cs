using System.Numerics;
using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;

namespace Tdlab.Probes;

/// <summary>
/// The empirical neural tangent kernel Theta(x1, x2) = grad_w f(w, x1) . grad_w f(w, x2) of a scalar-output
/// model on a probe batch (Jacot, Gabriel &amp; Hongler 2018; seed 002, Geiger et al. 2020), computed two
/// independent ways that must agree (as neural-tangents' empirical_ntk tests do):
/// <list type="bullet">
/// <item><see cref="ByJacobian{T}"/>: the Jacobian J (N, P) row by row (N VJPs), then Theta = J J^T.</item>
/// <item><see cref="ByVectorProducts{T}"/>: columns Theta e_j = J (J^T e_j), a VJP followed by a JVP (the
/// double-VJP trick), never forming J.</item>
/// </list>
/// The model's output for a batch x (N, d) must hold N values ((N) or (N, 1)). Pure: no parameter or .Grad changes.
/// </summary>
public static class EmpiricalNtk
{
    /// <summary>
    /// Jacobian J_ip = d f(x_i) / d w_p, row-major (N, P), parameters in <see cref="Module{T}.Parameters"/> order.
    /// Cost: one forward and N backward passes; memory N P.
    /// </summary>
    public static double[] Jacobian<T>(Module<T> model, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = model.Parameters().ToList();
        long p = parameters.Sum(t => (long)t.Length);
        using var scope = TensorScope.Begin();
        using var rec = Autograd.EnableGrad();
        var y = Output(model, x);
        int n = y.Length;
        var jac = new double[n * p];
        var e = Tensor.Zeros<T>(y.Shape);
        for (int i = 0; i < n; i++)
        {
            e.Span.Clear();
            e.Span[i] = T.One;
            Flatten(Autograd.Grad([y], parameters, [e]), jac.AsSpan((int)(i * p), (int)p));
        }

        return jac;
    }

    /// <summary>Theta = J J^T from the dense Jacobian. Cost: N backward passes and N^2 P multiply-adds.</summary>
    public static NtkMatrix ByJacobian<T>(Module<T> model, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var jac = Jacobian(model, x);
        int n = OutputCount(x);
        int p = jac.Length / Math.Max(1, n);
        var theta = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            var ji = jac.AsSpan(i * p, p);
            for (int j = 0; j <= i; j++)
            {
                double dot = 0;
                var jj = jac.AsSpan(j * p, p);
                for (int k = 0; k < p; k++) dot += ji[k] * jj[k];
                theta[i * n + j] = theta[j * n + i] = dot;
            }
        }

        return new NtkMatrix(theta, n);
    }

    /// <summary>
    /// Theta assembled from NTK-vector products Theta e_j, j = 1..N (see <see cref="Product{T}"/>), without forming J.
    /// Cost: one recorded forward and backward, then N VJPs and N JVPs; memory O(P).
    /// </summary>
    public static NtkMatrix ByVectorProducts<T>(Module<T> model, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = OutputCount(x);
        var theta = new double[n * n];
        var products = new Products<T>(model, x);
        var e = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            var column = products.Apply(e);
            for (int i = 0; i < n; i++) theta[i * n + j] = column[i];
        }

        products.Dispose();
        return new NtkMatrix(theta, n);
    }

    /// <summary>
    /// Theta v = J (J^T v) for a vector v (N): u = J^T v by one VJP, then J u by the double-VJP trick
    /// (g(c) = J^T c recorded for a dummy cotangent c, J u = d &lt;g(c), u&gt; / dc). Cost: one forward, three backwards.
    /// </summary>
    public static double[] Product<T>(Module<T> model, Tensor<T> x, ReadOnlySpan<double> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var products = new Products<T>(model, x);
        return products.Apply(v);
    }

    /// <summary>The output of the model as a flat (N) tensor, with a shape check.</summary>
    private static Tensor<T> Output<T>(Module<T> model, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = model.Forward(x);
        int n = OutputCount(x);
        if (y.Length != n)
            throw new ArgumentException($"EmpiricalNtk: the model must give one output per example; input {x.Shape} gave output {y.Shape}");
        return y.Reshape(n);
    }

    private static int OutputCount<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        x.Rank >= 1 ? x.Shape[0] : throw new ArgumentException($"EmpiricalNtk: input must be a batch (N, ...), got {x.Shape}");

    private static void Flatten<T>(Tensor<T>[] grads, Span<double> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int o = 0;
        foreach (var g in grads)
            foreach (var v in g.Span) dst[o++] = double.CreateTruncating(v);
    }

    /// <summary>One recorded forward with g(c) = J^T c built once, reused by every product.</summary>
    private sealed class Products<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TensorScope _scope = TensorScope.Begin();
        private readonly Autograd.RecordingRegion _recording = Autograd.EnableGrad();
        private readonly List<Tensor<T>> _parameters;
        private readonly Tensor<T> _y;
        private readonly Tensor<T> _c;
        private readonly Tensor<T>[] _g;

        public Products(Module<T> model, Tensor<T> x)
        {
            _parameters = model.Parameters().ToList();
            _y = Output(model, x);
            _c = Tensor.Zeros<T>(_y.Shape);
            _c.RequiresGrad = true;
            _g = Autograd.Grad([_y], _parameters, [_c], createGraph: true);
        }

        public double[] Apply(ReadOnlySpan<double> v)
        {
            if (v.Length != _y.Length) throw new ArgumentException($"EmpiricalNtk.Product: vector of {v.Length} for {_y.Length} outputs");
            var u = Autograd.Grad([_y], _parameters, [Tensor.FromDouble<T>(v, v.Length)]);   // J^T v, one tensor per parameter
            var ju = Autograd.Grad(_g, [_c], u)[0];                                            // J (J^T v), (N)
            return ju.ToDoubleArray();
        }

        public void Dispose()
        {
            _recording.Dispose();
            _scope.Dispose();
        }
    }
}
