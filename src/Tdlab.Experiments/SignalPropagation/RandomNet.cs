using Tdlab.Kernels;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// One random fully connected net of square layers, float64: h_l = W_l a_{l-1} + b_l, a_l = phi(h_l) for l = 1..L,
/// W_ij ~ N(0, weightVariance), b_i ~ N(0, biasVariance), and the backward pass of L = &lt;g, a_L&gt; (ReLU) or
/// L = &lt;g, h_L&gt; (tanh) for a random cotangent g ~ N(0, I):
/// dL/da_{l-1} = W_l^T dL/dh_l, dL/dh_l = phi'(h_l) * dL/da_l. Row-major batches (B, n).
/// </summary>
internal sealed class RandomNet
{
    private readonly int _n, _layers, _batch;
    private readonly double[][] _weights, _h, _a;   // (n, n) per layer; (B, n) per layer 0..L
    private readonly double[] _bias, _gA, _gH;

    /// <summary>Buffers for nets of <paramref name="layers"/> square layers of width <paramref name="n"/> on <paramref name="batch"/> inputs, reused by every <see cref="Run"/>.</summary>
    public RandomNet(int n, int layers, int batch)
    {
        (_n, _layers, _batch) = (n, layers, batch);
        _weights = Enumerable.Range(0, layers).Select(_ => new double[n * n]).ToArray();
        _h = Enumerable.Range(0, layers + 1).Select(_ => new double[batch * n]).ToArray();
        _a = Enumerable.Range(0, layers + 1).Select(_ => new double[batch * n]).ToArray();
        _bias = new double[n];
        _gA = new double[batch * n];
        _gH = new double[batch * n];
    }

    /// <summary>One net drawn from <paramref name="rng"/> (see <see cref="Run"/>) with fresh buffers.</summary>
    public static Moments Simulate(bool relu, int n, int layers, int batch, double weightVariance, double biasVariance, double inputVariance, Rng rng) =>
        new RandomNet(n, layers, batch).Run(relu, weightVariance, biasVariance, inputVariance, rng);

    /// <summary>
    /// Draws one net and its inputs from <paramref name="rng"/> (sub-streams "input", "layer{l}", "cotangent", each by
    /// <see cref="GaussianDraws.Fill"/>) and returns its per-layer second moments averaged over units and batch,
    /// index l = 0..L of <see cref="Moments"/>. ReLU: the input is a_0 = x ~ N(0, I). tanh: the input is
    /// h_0 ~ N(0, inputVariance) and a_0 = tanh(h_0).
    /// </summary>
    public Moments Run(bool relu, double weightVariance, double biasVariance, double inputVariance, Rng rng)
    {
        int n = _n, layers = _layers, batch = _batch;
        var (h, a, bias) = (_h, _a, _bias);
        GaussianDraws.Fill(rng.Child("input"), relu ? a[0] : h[0], Math.Sqrt(inputVariance));
        if (!relu) Phi(false, h[0], a[0]);
        for (int l = 1; l <= layers; l++)
        {
            var w = _weights[l - 1];
            var lr = rng.Child($"layer{l}");
            GaussianDraws.Fill(lr, w, Math.Sqrt(weightVariance));
            GaussianDraws.Fill(lr, bias, Math.Sqrt(biasVariance));
            // h_l = a_{l-1} W_l^T + b_l: (B, n) = (B, n) @ (n, n)^T
            Gemm.Compute(Transpose.None, Transpose.Transpose, batch, n, n, 1.0, a[l - 1], n, w, n, 0.0, h[l], n);
            for (int i = 0; i < batch; i++)
                for (int j = 0; j < n; j++) h[l][i * n + j] += bias[j];
            Phi(relu, h[l], a[l]);
        }

        var m = new Moments(layers);
        for (int l = 0; l <= layers; l++)
        {
            m.PreActivation[l] = MeanSquare(h[l]);
            m.Activation[l] = MeanSquare(a[l]);
            m.Correlation[l] = MeanCorrelation(h[l], batch, n);
        }

        // Backward: gA = dL/da_l, gH = dL/dh_l.
        var (gA, gH) = (_gA, _gH);
        GaussianDraws.Fill(rng.Child("cotangent"), relu ? gA : gH, 1);
        for (int l = layers; l >= 0; l--)
        {
            if (relu || l < layers)
                for (int i = 0; i < gH.Length; i++) gH[i] = gA[i] * PhiPrime(relu, h[l][i], a[l][i]);
            if (relu && l == 0) Array.Copy(gA, gH, gA.Length);   // the input x is not activated: dL/dx only
            m.ActivationGradient[l] = MeanSquare(gA);
            m.PreActivationGradient[l] = MeanSquare(gH);
            if (l > 0)   // dL/da_{l-1} = dL/dh_l W_l: (B, n) @ (n, n)
                Gemm.Compute(Transpose.None, Transpose.None, batch, n, n, 1.0, gH, n, _weights[l - 1], n, 0.0, gA, n);
        }

        if (!relu) m.ActivationGradient[layers] = double.NaN;   // tanh starts from dL/dh_L
        return m;
    }

    private static void Phi(bool relu, double[] h, double[] a)
    {
        if (relu) Elementwise.Relu<double>(h, a);
        else Elementwise.Tanh<double>(h, a);
    }

    // d relu/dh = 1{h > 0}; d tanh/dh = 1 - tanh(h)^2 = 1 - a^2
    private static double PhiPrime(bool relu, double h, double a) => relu ? (h > 0 ? 1 : 0) : 1 - a * a;

    /// <summary>
    /// The mean over pairs of distinct inputs a != b of c_ab = &lt;h_a, h_b&gt; / sqrt(&lt;h_a, h_a&gt; &lt;h_b, h_b&gt;) (uncentred, over units: the
    /// mean-field q_ab / q*); NaN with one input.
    /// </summary>
    internal static double MeanCorrelation(double[] h, int batch, int n)
    {
        if (batch < 2) return double.NaN;
        var norms = new double[batch];
        for (int i = 0; i < batch; i++) norms[i] = Math.Sqrt(Dot(h, i, i, n));
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < batch; i++)
            for (int j = i + 1; j < batch; j++, pairs++)
                sum += Dot(h, i, j, n) / (norms[i] * norms[j]);
        return sum / pairs;
    }

    private static double Dot(double[] h, int i, int j, int n) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<double>(h, i * n, n), new ReadOnlySpan<double>(h, j * n, n));

    private static double MeanSquare(double[] x)
    {
        double s = 0;
        foreach (double v in x) s += v * v;
        return s / x.Length;
    }

    /// <summary>Per-layer E h_l^2, E a_l^2, E (dL/da_l)^2, E (dL/dh_l)^2 for l = 0..L.</summary>
    internal sealed class Moments(int layers)
    {
        public double[] PreActivation { get; } = new double[layers + 1];

        public double[] Activation { get; } = new double[layers + 1];

        public double[] ActivationGradient { get; } = new double[layers + 1];

        public double[] PreActivationGradient { get; } = new double[layers + 1];

        /// <summary>Mean pairwise correlation of the inputs' pre-activations at layer l.</summary>
        public double[] Correlation { get; } = new double[layers + 1];
    }
}
