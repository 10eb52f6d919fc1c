using Tdlab.Data;
using Tdlab.Lab.Runner;
using Tdlab.Nn;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>The random-features ("min-norm") width sweep: hidden layers frozen at init, last layer fitted in closed form.</summary>
public sealed partial class LipschitzExperiment
{
    /// <summary>
    /// Sets the last Linear layer of <paramref name="model"/> to the minimum-norm least-squares fit of the one-hot
    /// (noisy) training labels from the hidden features h(x) and a constant: [W b]^T = [H 1]^+ Y, H (n, p), Y (n, classes).
    /// </summary>
    internal static void FitLastLayer(Sequential<float> model, Dataset train)
    {
        if (model.Layers[^1] is not Linear<float> last)
            throw new ArgumentException("lipschitz: the min-norm fit needs a model ending in a Linear layer");
        int n = train.Count, p = last.InFeatures, classes = last.OutFeatures;
        var features = new Sequential<float>(model.Layers.Take(model.Count - 1));
        double[] h;
        using (Autograd.NoGrad()) h = features.Forward(train.X<float>()).ToDoubleArray();   // (n, p)
        int q = p + 1;
        var phi = new double[n * q];                                                           // (n, p + 1) = [H 1]
        for (int i = 0; i < n; i++)
        {
            Array.Copy(h, i * p, phi, i * q, p);
            phi[i * q + p] = 1;
        }

        var y = new double[n * classes];                                                       // (n, classes) one-hot
        var labels = train.Labels!;
        for (int i = 0; i < n; i++) y[i * classes + labels[i]] = 1;
        var b = MinNormFit.Solve(phi, n, q, y, classes);                                       // (p + 1, classes)
        var w = last.Weight.Span;                                                              // (classes, p)
        for (int o = 0; o < classes; o++)
            for (int j = 0; j < p; j++) w[o * p + j] = (float)b[j * classes + o];
        if (last.Bias is { } bias)
            for (int o = 0; o < classes; o++) bias.Span[o] = (float)b[p * classes + o];
    }

    /// <summary>Mean over examples of the squared error ||f(x) - onehot(y)||^2 (the loss the min-norm fit minimises).</summary>
    internal static double SquaredError(Sequential<float> model, Dataset data)
    {
        double[] f;
        using (Autograd.NoGrad()) f = model.Forward(data.X<float>()).ToDoubleArray();           // (n, classes)
        int classes = f.Length / data.Count;
        var labels = data.Labels!;
        double sum = 0;
        for (int i = 0; i < data.Count; i++)
            for (int o = 0; o < classes; o++)
            {
                double d = f[i * classes + o] - (o == labels[i] ? 1 : 0);
                sum += d * d;
            }

        return sum / data.Count;
    }

    /// <summary>Logs mse and test_mse at <paramref name="step"/>.</summary>
    private static void LogSquaredErrors(RunContext<LipschitzRun> ctx, Sequential<float> model, DataSplit data, int step)
    {
        ctx.Log(step, LipschitzMetrics.SquaredError, SquaredError(model, data.Train));
        ctx.Log(step, LipschitzMetrics.TestSquaredError, SquaredError(model, data.Test));
    }
}
