using Tdlab.Nn;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests.Hessian;

/// <summary>Small float64 nets and losses with an exact (dense, column by column) Hessian to check the estimators against.</summary>
internal static class TinyNets
{
    /// <summary>A 5-12-10-3 tanh MLP (235 parameters) with softmax cross-entropy on 24 random examples.</summary>
    public static (Sequential<double> Model, CurvatureBatch<double> Batch) Classifier(ulong seed = 1, int rows = 24)
    {
        var (x, labels) = Data(seed, rows);
        return (Model(seed), Batch(x, labels));
    }

    public static Sequential<double> Model(ulong seed) => Mlp.Build<double>(5, [12, 10], 3, new Rng(seed, "init"), Activation.Tanh);

    public static (double[] X, int[] Labels) Data(ulong seed, int rows)
    {
        var rng = new Rng(seed, "data");
        var x = new double[rows * 5];
        rng.Normal<double>(x, 0.0, 1.0);
        return (x, Enumerable.Range(0, rows).Select(_ => rng.NextInt(3)).ToArray());
    }

    /// <summary>Rows [start, start + count) of (x, labels) with the mean cross-entropy loss.</summary>
    public static CurvatureBatch<double> Batch(double[] x, int[] labels, int start = 0, int count = -1, double weight = 1)
    {
        if (count < 0) count = labels.Length;
        var input = Tensor.From(x.AsSpan(start * 5, count * 5), count, 5);
        var y = labels[start..(start + count)];
        return new CurvatureBatch<double>(input, o => Loss.CrossEntropy(o, y), weight);
    }

    /// <summary>The flat gradient of batch's loss at the model's current parameters.</summary>
    public static double[] Gradient(Module<double> model, CurvatureBatch<double> batch)
    {
        var parameters = model.Parameters().ToList();
        using var rec = Autograd.EnableGrad();
        var g = Autograd.Grad([batch.Loss(model.Forward(batch.Input))], parameters);
        return g.SelectMany(t => t.ToDoubleArray()).ToArray();
    }

    /// <summary>Adds c * v (flat) to the parameters in place.</summary>
    public static void Shift(Module<double> model, ReadOnlySpan<double> v, double c)
    {
        int o = 0;
        foreach (var p in model.Parameters())
        {
            var s = p.Span;
            for (int i = 0; i < s.Length; i++) s[i] += c * v[o + i];
            o += s.Length;
        }
    }

    public static double[] RandomVector(int n, ulong seed)
    {
        var v = new double[n];
        new Rng(seed, "vector").Normal<double>(v, 0.0, 1.0);
        return v;
    }
}
