using Tdlab.Kernels;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// A deep linear network W_D ... W_1 (float64, no biases) trained by full-batch gradient descent on
/// E = 1/(2P) sum_mu ||y_mu - W_D ... W_1 x_mu||^2. With Sigma11 = I the gradient step is
/// W_l += (1/tau) (W_D..W_{l+1})^T (Sigma31 - W Sigma11) (W_{l-1}..W_1)^T, the discretisation of Saxe et al.'s
/// tau dW/dt equations (seed 001) with tau = 1 / learning rate.
/// </summary>
internal sealed class DeepLinearNet
{
    private readonly double[][] _h;      // activations H_0 = X, H_l = W_l H_{l-1}: (widths[l], P)
    private readonly double[][] _g;      // backpropagated errors: (widths[l], P)
    private readonly double[][] _grad;   // weight gradients (negative): (widths[l+1], widths[l])

    public DeepLinearNet(double[][] weights, int[] widths, int samples)
    {
        Weights = weights;
        Widths = widths;
        P = samples;
        _h = widths.Select(w => new double[w * samples]).ToArray();
        _g = widths.Select(w => new double[w * samples]).ToArray();
        _grad = weights.Select(w => new double[w.Length]).ToArray();
    }

    public double[][] Weights { get; }

    public int[] Widths { get; }

    public int P { get; }

    public int Depth => Weights.Length;

    /// <summary>Decoupled initial conditions: W_1 = a O_1 V^T, W_l = a O_l O_{l-1}^T, W_D = a U O_{D-1}^T (O_l: k orthonormal columns), so W = a^D U V^T.</summary>
    public static DeepLinearNet Decoupled(LinearTask task, int depth, int hidden, double u0, Rng rng)
    {
        int k = task.Modes;
        double a = Math.Pow(u0, 1.0 / depth);
        var widths = LayerWidths(task, depth, hidden);
        var frames = new double[depth + 1][];   // frames[l]: (widths[l], k) orthonormal columns
        frames[0] = Columns(task.Svd.Vt, task.NIn, k, transposed: true, task.Svd.K);
        frames[depth] = Columns(task.Svd.U, task.NOut, k, transposed: false, task.Svd.K);
        for (int l = 1; l < depth; l++) frames[l] = Tdlab.Tensors.Linalg.Orthogonal.Haar(rng.Child($"frame{l}"), hidden, k);
        var weights = new double[depth][];
        for (int l = 0; l < depth; l++)
        {
            int rows = widths[l + 1], cols = widths[l];
            var w = new double[rows * cols];
            Gemm.Compute(Transpose.None, Transpose.Transpose, rows, cols, k, a, frames[l + 1], k, frames[l], k, 0.0, w, cols);
            weights[l] = w;
        }

        return new DeepLinearNet(weights, widths, task.P);
    }

    /// <summary>Random initialisation: each W_l a Haar orthogonal matrix ("orthogonal") or i.i.d. N(0, 1/fan_in) ("gaussian").</summary>
    public static DeepLinearNet Random(LinearTask task, int depth, int hidden, RunKind init, Rng rng)
    {
        var widths = LayerWidths(task, depth, hidden);
        var weights = new double[depth][];
        for (int l = 0; l < depth; l++)
        {
            int rows = widths[l + 1], cols = widths[l];
            var r = rng.Child($"W{l + 1}");
            if (init == RunKind.Orthogonal)
            {
                weights[l] = Tdlab.Tensors.Linalg.Orthogonal.Haar(r, rows, cols);
            }
            else
            {
                weights[l] = new double[rows * cols];
                r.Normal<double>(weights[l], 0, 1 / Math.Sqrt(cols));
            }
        }

        return new DeepLinearNet(weights, widths, task.P);
    }

    /// <summary>
    /// Small random initialisation: each W_l i.i.d. N(0, sigma^2) with sigma^D h^{(D-1)/2} = <paramref name="u0"/>, so a mode's
    /// initial strength u_a^T W v_a has standard deviation about u0 (h the hidden width): not decoupled, not aligned.
    /// </summary>
    public static DeepLinearNet SmallRandom(LinearTask task, int depth, int hidden, double u0, Rng rng)
    {
        var widths = LayerWidths(task, depth, hidden);
        double sigma = Math.Pow(u0 / Math.Pow(hidden, (depth - 1) / 2.0), 1.0 / depth);
        var weights = new double[depth][];
        for (int l = 0; l < depth; l++)
        {
            weights[l] = new double[widths[l + 1] * widths[l]];
            rng.Child($"W{l + 1}").Normal<double>(weights[l], 0, sigma);
        }

        return new DeepLinearNet(weights, widths, task.P);
    }

    /// <summary>One full-batch gradient step; returns the loss before the step, E = 1/(2P) ||Y - W X||^2.</summary>
    public double Step(LinearTask task, double learningRate)
    {
        double loss = Forward(task);
        int d = Depth;
        // G_D = (Y - H_D) / P; G_{l-1} = W_l^T G_l; -dE/dW_l = G_l H_{l-1}^T.
        for (int l = d; l >= 1; l--)
        {
            int rows = Widths[l], cols = Widths[l - 1];
            Gemm.Compute(Transpose.None, Transpose.Transpose, rows, cols, P, 1.0, _g[l], P, _h[l - 1], P, 0.0, _grad[l - 1], cols);
            if (l > 1)
                Gemm.Compute(Transpose.Transpose, Transpose.None, cols, P, rows, 1.0, Weights[l - 1], cols, _g[l], P, 0.0, _g[l - 1], P);
        }

        for (int l = 0; l < d; l++)
        {
            var w = Weights[l];
            var g = _grad[l];
            for (int i = 0; i < w.Length; i++) w[i] += learningRate * g[i];
        }

        return loss;
    }

    /// <summary>E = 1/(2P) ||Y - W X||^2; leaves H_l and G_D = (Y - H_D) / P in the work buffers.</summary>
    public double Forward(LinearTask task)
    {
        Array.Copy(task.X, _h[0], task.X.Length);
        for (int l = 1; l <= Depth; l++)
            Gemm.Compute(Transpose.None, Transpose.None, Widths[l], P, Widths[l - 1], 1.0, Weights[l - 1], Widths[l - 1], _h[l - 1], P, 0.0, _h[l], P);
        var top = _g[Depth];
        double sq = 0;
        for (int i = 0; i < top.Length; i++)
        {
            double e = task.Y[i] - _h[Depth][i];
            sq += e * e;
            top[i] = e / P;
        }

        return sq / (2 * P);
    }

    private static int[] LayerWidths(LinearTask task, int depth, int hidden)
    {
        if (depth < 1) throw new ArgumentException($"DeepLinearNet: depth must be >= 1, got {depth}");
        var widths = new int[depth + 1];
        widths[0] = task.NIn;
        widths[depth] = task.NOut;
        for (int l = 1; l < depth; l++) widths[l] = hidden;
        return widths;
    }

    /// <summary>The first k singular vectors as (n, k) columns, from U (n, K) or from Vt (K, n).</summary>
    private static double[] Columns(double[] m, int n, int k, bool transposed, int full)
    {
        var c = new double[n * k];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < k; a++) c[i * k + a] = transposed ? m[a * n + i] : m[i * full + a];
        return c;
    }
}
