using Tdlab.Kernels;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// One random fully connected net of square layers, float64: h_l = W_l a_{l-1} + b_l, a_l = phi(h_l) for l = 1..L,
/// W_ij ~ N(0, weightVariance), b_i ~ N(0, biasVariance), and the backward pass of L = &lt;g, a_L&gt; (ReLU) or
/// L = &lt;g, h_L&gt; (tanh) for a random cotangent g ~ N(0, I):
/// dL/da_{l-1} = W_l^T dL/dh_l, dL/dh_l = phi'(h_l) * dL/da_l. Row-major batches (B, n).
/// </summary>
internal static class RandomNet
{
    /// <summary>
    /// Per-layer second moments averaged over units and batch: index l = 0..L of <see cref="Moments"/>.
    /// ReLU: the input is a_0 = x ~ N(0, I). tanh: the input is h_0 ~ N(0, inputVariance) and a_0 = tanh(h_0).
    /// </summary>
    public static Moments Simulate(bool relu, int n, int layers, int batch, double weightVariance, double biasVariance, double inputVariance, Rng rng)
    {
        var weights = new double[layers][];
        var h = new double[layers + 1][];   // (B, n) pre-activations, h[0] = input pre-activation (tanh) or unused
        var a = new double[layers + 1][];   // (B, n) activations, a[0] = network input
        for (int l = 0; l <= layers; l++)
        {
            h[l] = new double[batch * n];
            a[l] = new double[batch * n];
        }

        rng.Child("input").Normal<double>(relu ? a[0] : h[0], 0, Math.Sqrt(inputVariance));
        if (!relu) Phi(false, h[0], a[0]);
        var bias = new double[n];
        for (int l = 1; l <= layers; l++)
        {
            var w = weights[l - 1] = new double[n * n];
            var lr = rng.Child($"layer{l}");
            lr.Normal<double>(w, 0, Math.Sqrt(weightVariance));
            lr.Normal<double>(bias, 0, Math.Sqrt(biasVariance));
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
        }

        // Backward: gA = dL/da_l, gH = dL/dh_l.
        var gA = new double[batch * n];
        var gH = new double[batch * n];
        rng.Child("cotangent").Normal<double>(relu ? gA : gH, 0, 1);
        for (int l = layers; l >= 0; l--)
        {
            if (relu || l < layers)
                for (int i = 0; i < gH.Length; i++) gH[i] = gA[i] * PhiPrime(relu, h[l][i]);
            if (relu && l == 0) Array.Copy(gA, gH, gA.Length);   // the input x is not activated: dL/dx only
            m.ActivationGradient[l] = MeanSquare(gA);
            m.PreActivationGradient[l] = MeanSquare(gH);
            if (l > 0)   // dL/da_{l-1} = dL/dh_l W_l: (B, n) @ (n, n)
                Gemm.Compute(Transpose.None, Transpose.None, batch, n, n, 1.0, gH, n, weights[l - 1], n, 0.0, gA, n);
        }

        if (!relu) m.ActivationGradient[layers] = double.NaN;   // tanh starts from dL/dh_L
        return m;
    }

    private static void Phi(bool relu, double[] h, double[] a)
    {
        if (relu) Elementwise.Relu<double>(h, a);
        else Elementwise.Tanh<double>(h, a);
    }

    // d relu/dx = 1{x > 0}; d tanh/dx = 1 - tanh^2
    private static double PhiPrime(bool relu, double x) => relu ? (x > 0 ? 1 : 0) : 1 - Math.Tanh(x) * Math.Tanh(x);

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
    }
}
