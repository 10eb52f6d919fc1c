using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Experiments.DataParallel;

/// <summary>
/// The student: a tanh MLP written out layer by layer, z_l = a_{l-1} W_l + b_l, a_l = tanh(z_l), f = z_L (linear
/// output), W_l (in x out) ~ N(0, 1/in), b_l = 0, in T (float64, or float32 where its rounding, about 1e-7 relative, is far
/// below the SGD noise the family measures); trained on the squared loss
/// L = (1/B) sum_i (f(x_i) - y_i)^2 / 2. Written out rather than built from layers because the gradient noise scale
/// needs each layer's input a_{l-1} and output gradient dL/dz_l per example (<see cref="NoiseScale"/>).
/// </summary>
public sealed class TanhMlp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Tensor<T>> _weights = [], _biases = [];

    public TanhMlp(IReadOnlyList<int> sizes, Rng rng)
    {
        for (int l = 1; l < sizes.Count; l++)
        {
            Tensor<T> w = Tensor.Normal<T>(rng.Child($"w{l}"), new Shape(sizes[l - 1], sizes[l]), 0, 1 / Math.Sqrt(sizes[l - 1]));
            Tensor<T> b = Tensor.Zeros<T>(1, sizes[l]);
            w.RequiresGrad = b.RequiresGrad = true;
            _weights.Add(w);
            _biases.Add(b);
        }
    }

    /// <summary>W_1, b_1, W_2, b_2, ...</summary>
    public IReadOnlyList<Tensor<T>> Parameters => _weights.Zip(_biases, (w, b) => new[] { w, b }).SelectMany(p => p).ToList();

    public int ParameterCount => Parameters.Sum(p => p.Length);

    /// <summary>f (n x 1), with the layer inputs a_0..a_{L-1} and pre-activations z_1..z_L.</summary>
    public (Tensor<T> Output, List<Tensor<T>> Inputs, List<Tensor<T>> PreActivations) Forward(Tensor<T> x)
    {
        var inputs = new List<Tensor<T>>();
        var pre = new List<Tensor<T>>();
        Tensor<T> a = x;
        for (int l = 0; l < _weights.Count; l++)
        {
            inputs.Add(a);
            Tensor<T> z = a.MatMul(_weights[l]) + _biases[l];
            pre.Add(z);
            a = l == _weights.Count - 1 ? z : z.Tanh();
        }

        return (a, inputs, pre);
    }

    /// <summary>Sum over rows of (f - y)^2 / 2, from the output f (n x 1) and targets y (n x 1).</summary>
    public static Tensor<T> SumLoss(Tensor<T> f, Tensor<T> y) => (f - y).Square().Sum() * T.CreateChecked(0.5);

    /// <summary>The mean loss over the rows of x, without recording.</summary>
    public double Loss(Tensor<T> x, Tensor<T> y)
    {
        using var scope = TensorScope.Begin();
        using var off = Autograd.NoGrad();
        return SumLoss(Forward(x).Output, y).ItemDouble() / x.Shape[0];
    }

    /// <summary>One SGD step on the rows: theta -= lr grad of the mean loss.</summary>
    public void Step(Tensor<T> x, Tensor<T> y, double learningRate)
    {
        using var scope = TensorScope.Begin();
        using var on = Autograd.EnableGrad();
        var parameters = Parameters;
        Tensor<T> loss = SumLoss(Forward(x).Output, y) * T.CreateChecked(1.0 / x.Shape[0]);
        Tensor<T>[] grads = Autograd.Grad([loss], parameters);
        for (int p = 0; p < parameters.Count; p++) parameters[p].AddInPlace(grads[p], T.CreateChecked(-learningRate));
    }

    /// <summary>
    /// The gradient noise of per-example sampling on the rows of x (McCandlish et al. 2018, eq. 2.8): per-example
    /// gradients g_i of l_i = (f(x_i) - y_i)^2 / 2, G = (1/n) sum_i g_i, tr(Sigma) = (1/n) sum_i |g_i|^2 - |G|^2 (the
    /// covariance of one example drawn uniformly), and B_simple = tr(Sigma) / |G|^2. |g_i|^2 comes from one backward
    /// pass: with delta_{l,i} = dl_i/dz_{l,i} (row i of d(sum_i l_i)/dz_l, as examples do not interact) the per-example
    /// gradient of W_l is the outer product a_{l-1,i}^T delta_{l,i} and that of b_l is delta_{l,i}, so
    /// |g_i|^2 = sum_l |delta_{l,i}|^2 (|a_{l-1,i}|^2 + 1) (Goodfellow 2015).
    /// </summary>
    public (double TraceSigma, double MeanGradientSquared, double BSimple) NoiseScale(Tensor<T> x, Tensor<T> y)
    {
        using var scope = TensorScope.Begin();
        using var on = Autograd.EnableGrad();
        int n = x.Shape[0];
        var (f, inputs, pre) = Forward(x);
        Tensor<T> sum = SumLoss(f, y);
        var parameters = Parameters;
        Tensor<T>[] grads = Autograd.Grad([sum], [.. pre, .. parameters]);
        var perExample = new double[n];
        for (int l = 0; l < pre.Count; l++)
        {
            ReadOnlySpan<T> delta = grads[l].Span, a = inputs[l].Span;
            int width = pre[l].Shape[1], fanIn = inputs[l].Shape[1];
            for (int i = 0; i < n; i++)
            {
                // accumulated in float64 whatever T is
                double d2 = 0, a2 = 1;
                for (int j = 0; j < width; j++) d2 += Square(delta[i * width + j]);
                for (int k = 0; k < fanIn; k++) a2 += Square(a[i * fanIn + k]);
                perExample[i] += d2 * a2;
            }
        }

        double g2 = 0;
        for (int p = pre.Count; p < grads.Length; p++) g2 += grads[p].SumOfSquares() / ((double)n * n);
        double trace = perExample.Average() - g2;
        return (trace, g2, trace / g2);
    }

    private static double Square(T v)
    {
        double d = double.CreateTruncating(v);
        return d * d;
    }
}
