using System.Collections.Concurrent;
using System.Numerics;
using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Experiments.Isometry;
using Tdlab.Lab.Runner;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Probes.GaussNewton;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>The networks, their critical scales, the data and the probes.</summary>
public sealed partial class CriticalManifoldsExperiment
{
    /// <summary>
    /// sigma_w, sigma_b and the mean square m of the inputs. Tanh: the critical pair of q* (chi = 1, eqs. 3-5, by the
    /// isometry family's <see cref="CriticalTanh"/>) and m = E[tanh(sqrt(q*) z)^2], so that the first pre-activation
    /// variance sigma_w^2 m + sigma_b^2 is already q*. Linear: sigma_w = 1, no bias, the same m (the seed's deep linear
    /// isometric nets "normalized using the scheme applied to critical, non-linear networks").
    /// </summary>
    internal sealed record InitScales(double SigmaW, double SigmaB, double InputMeanSquare);

    internal static InitScales Scales(CriticalManifoldsRun r)
    {
        double m = CriticalTanh.SecondMoment(r.QStar);
        if (r.Activation == Nonlinearity.Linear) return new InitScales(1, 0, m);
        var (sw, sb) = CriticalTanh.ForFixedPoint(r.QStar);
        return new InitScales(sw, sb, m);
    }

    /// <summary>
    /// x_0 (input) -> L x [affine (N), phi] -> Linear(N, classes). Hidden weights: Gaussian N(0, sigma_w^2 / fan_in) or
    /// sigma_w Q (Q Haar, orthonormal rows or columns); biases N(0, sigma_b^2); the read-out sigma_w Q with zero bias.
    /// A manifold net's hidden layers are <see cref="ScaledLinear{T}"/> with W = Q and s = sigma_w: drawn from the same
    /// stream in the same order, so all three geometries start from the same function. Returns the model and its
    /// hidden manifold matrices (empty for Euclidean).
    /// </summary>
    internal static (Sequential<T> Model, List<Tensor<T>> ManifoldWeights) Build<T>(CriticalManifoldsRun r, int inputDim, int classes, Rng rng, InitScales s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = new Sequential<T>();
        var manifold = new List<Tensor<T>>();
        var bias = s.SigmaB > 0 ? Init.Normal(s.SigmaB) : Init.Zeros();
        bool constrained = r.Geometry != WeightGeometry.Euclidean;
        for (int l = 0; l < r.Depth; l++)
        {
            int fanIn = l == 0 ? inputDim : r.Width;
            if (constrained)
            {
                var layer = new ScaledLinear<T>(fanIn, r.Width, rng, s.SigmaW, new LayerInit(Init.Orthogonal(1.0), bias));
                GeometryOf<T>(r.Geometry).ProjectPoint(layer.Weight.Shape, layer.Weight.Span);   // already there; removes rounding
                manifold.Add(layer.Weight);
                model.Add(layer);
            }
            else
            {
                var weight = r.Init == WeightInit.Gaussian ? Init.Critical(s.SigmaW) : Init.Orthogonal(s.SigmaW);
                model.Add(new Linear<T>(fanIn, r.Width, rng, bias: true, new LayerInit(weight, bias)));
            }

            model.Add(r.Activation == Nonlinearity.Tanh ? new Tanh<T>() : new Identity<T>());
        }

        model.Add(new Linear<T>(r.Width, classes, rng, bias: true, LayerInit.WithZeroBias(Init.Orthogonal(s.SigmaW))));
        return (model, manifold);
    }

    internal static ParameterGeometry<T> GeometryOf<T>(WeightGeometry g) where T : unmanaged, IFloatingPointIeee754<T> => g switch
    {
        WeightGeometry.Stiefel => ParameterGeometry<T>.Stiefel,
        WeightGeometry.Oblique => ParameterGeometry<T>.Oblique,
        _ => ParameterGeometry<T>.Euclidean,
    };

    /// <summary>
    /// A float64 copy of the net as plain Linear layers: a scaled layer's weight becomes s W. The probes act on it, so
    /// s_max and G are those of the network function whatever its parametrisation (G over the effective weights).
    /// </summary>
    internal static Sequential<double> Snapshot<T>(Sequential<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var copy = new Sequential<double>();
        var unused = new Rng(0, "unused");
        foreach (var layer in model.Layers)
        {
            switch (layer)
            {
                case Linear<T> lin:
                    copy.Add(Copy(lin.Weight, lin.Bias!, unused));
                    break;
                case ScaledLinear<T> scaled:
                    copy.Add(Copy(scaled.EffectiveWeight(), scaled.Bias, unused));
                    break;
                case Tanh<T>:
                    copy.Add(new Tanh<double>());
                    break;
                default:
                    copy.Add(new Identity<double>());
                    break;
            }
        }

        return copy;
    }

    private static Linear<double> Copy<T>(Tensor<T> weight, Tensor<T> bias, Rng unused) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lin = new Linear<double>(weight.Shape[1], weight.Shape[0], unused, bias: true, LayerInit.WithZeroBias(Init.Zeros()));
        weight.ToDoubleArray().CopyTo(lin.Weight.Span);
        bias.ToDoubleArray().CopyTo(lin.Bias!.Span);
        return lin;
    }

    /// <summary>
    /// s_max of J = dx_L/dx_0 (the first 2L children) at the first jacobian-inputs training rows (the largest over them), by
    /// <see cref="JacobianSpectrum.OfMlp{T}"/>; and the Fisher's spectrum over the hidden weights and biases on the first
    /// fisher-batch rows (<see cref="GaussNewtonProduct{T}"/>, softmax cross-entropy), with the diagonal blocks when asked.
    /// </summary>
    internal static (double SMax, FisherSpectrum Fisher) Probe(CriticalManifoldsRun r, Sequential<double> snapshot, Dataset train, Rng rng, bool blocks)
    {
        var jacobianRows = Enumerable.Range(0, Math.Min(r.JacobianInputs, train.Count)).ToArray();
        double sMax = JacobianSpectrum.OfMlp(snapshot, train.X<double>(jacobianRows), layers: 2 * r.Depth).Max;
        var fisherRows = Enumerable.Range(0, Math.Min(r.FisherBatch, train.Count)).ToArray();
        var x = train.X<double>(fisherRows);
        var theta = snapshot.Layers.OfType<Linear<double>>().Take(r.Depth).SelectMany(l => new[] { l.Weight, l.Bias! }).ToArray();
        var g = new GaussNewtonProduct<double>(() => snapshot.Forward(x), theta, OutputLoss.SoftmaxCrossEntropy);
        return (sMax, FisherSpectrum.Of(g, rng, blocks, r.LanczosSteps));
    }

    /// <summary>
    /// Largest |(W W^T - I)_ij| (Stiefel, on the tall orientation W^T W for a tall W) or | ||w_r|| - 1 | (Oblique) over
    /// the manifold matrices, in double.
    /// </summary>
    internal static double ConstraintDrift<T>(WeightGeometry g, IEnumerable<Tensor<T>> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double worst = 0;
        foreach (var w in weights)
        {
            var a = w.ToDoubleArray();
            int rows = w.Shape[0], cols = w.Shape[1];
            if (g == WeightGeometry.Oblique)
            {
                for (int i = 0; i < rows; i++)
                    worst = Math.Max(worst, Math.Abs(Math.Sqrt(Dot(a, i * cols, a, i * cols, cols)) - 1));
                continue;
            }

            bool wide = rows <= cols;                                     // orthonormal rows: W W^T = I
            int p = wide ? rows : cols;
            for (int i = 0; i < p; i++)
                for (int j = 0; j <= i; j++)
                {
                    double d = wide ? Dot(a, i * cols, a, j * cols, cols) : ColumnDot(a, rows, cols, i, j);
                    worst = Math.Max(worst, Math.Abs(d - (i == j ? 1 : 0)));
                }
        }

        return worst;
    }

    private static double Dot(double[] a, int i, double[] b, int j, int n)
    {
        double s = 0;
        for (int k = 0; k < n; k++) s += a[i + k] * b[j + k];
        return s;
    }

    private static double ColumnDot(double[] a, int rows, int cols, int i, int j)
    {
        double s = 0;
        for (int k = 0; k < rows; k++) s += a[k * cols + i] * a[k * cols + j];
        return s;
    }

    private static readonly ConcurrentDictionary<(string, int, int), Lazy<DataSplit>> DataCache = new();

    /// <summary>
    /// The task's data scaled so that the training inputs have mean square m (every feature multiplied by one factor), as
    /// the isometry family does. Image data are read once per process and shared by the runs (the files hold 70,000
    /// images); synthetic data come from the replicate's shared stream.
    /// </summary>
    internal static DataSplit ScaledData(RunContext<CriticalManifoldsRun> ctx, double meanSquare)
    {
        var r = ctx.Config;
        var data = DataSources.IsSynthetic(r.Data)
            ? ClassificationTask.Load(ctx, r.Data, r.Width, r.Classes, r.TrainSize, r.TestSize)
            : DataCache.GetOrAdd((r.Data, r.TrainSize, r.TestSize),
                _ => new Lazy<DataSplit>(() => DataSources.LoadImages(r.Data, r.TrainSize, r.TestSize))).Value;
        double ms = data.Train.Features.Average(v => (double)v * v);
        float f = (float)Math.Sqrt(meanSquare / ms);
        Dataset Scale(Dataset d) => new(d.Name + "/scaled", d.Features.Select(v => v * f).ToArray(), d.Count, d.Dim, d.Labels, d.Classes);
        return new DataSplit(Scale(data.Train), Scale(data.Test));
    }
}
