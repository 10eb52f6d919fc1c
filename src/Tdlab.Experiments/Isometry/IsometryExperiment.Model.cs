using System.Numerics;
using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab.Runner;
using Tdlab.Nn;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Isometry;

/// <summary>The networks, their initialisations and the input scale.</summary>
public sealed partial class IsometryExperiment
{
    /// <summary>
    /// Weight scale sigma_w (Gaussian: W ~ N(0, sigma_w^2 / n); orthogonal: W = sigma_w Q), bias scale sigma_b
    /// (b ~ N(0, sigma_b^2)), and the mean square m of the inputs: linear sigma_w = 1, m = 1; relu Kaiming
    /// sigma_w = sqrt 2, m = 1; tanh the critical pair for q* with m = E[tanh(sqrt(q*) z)^2], so that the first
    /// pre-activation variance sigma_w^2 m + sigma_b^2 is already q* (the fixed point of the length map).
    /// </summary>
    internal sealed record InitScales(double SigmaW, double SigmaB, double InputMeanSquare);

    internal static InitScales Scales(IsometryRun c)
    {
        switch (c.Activation)
        {
            case Nonlinearity.Tanh:
                var (sw, sb) = CriticalTanh.ForFixedPoint(c.QStar);
                return new InitScales(sw, sb, CriticalTanh.SecondMoment(c.QStar));
            case Nonlinearity.Relu:
                return new InitScales(Math.Sqrt(2), 0, 1);
            default:
                return new InitScales(1, 0, 1);
        }
    }

    internal static Activation ActivationOf(Nonlinearity phi) => phi switch
    {
        Nonlinearity.Tanh => Activation.Tanh,
        Nonlinearity.Relu => Activation.Relu,
        _ => Activation.Identity,
    };

    /// <summary>
    /// The MLP of a run: depth hidden Linear(n, n) + phi, then Linear(n, classes), every layer initialised alike.
    /// The weights of one replicate come from one stream (<paramref name="rng"/>, the replicate's shared "model") whatever
    /// the run, so equal settings give equal nets.
    /// </summary>
    internal static Sequential<T> BuildModel<T>(IsometryRun c, int inputDim, int classes, Rng rng, InitScales s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weight = c.Init == WeightInit.Orthogonal
            ? Init.Orthogonal(s.SigmaW)
            : c.Activation == Nonlinearity.Relu ? Init.KaimingNormal(s.SigmaW, FanMode.FanIn) : Init.Critical(s.SigmaW);
        var bias = s.SigmaB > 0 ? Init.Normal(s.SigmaB) : Init.Zeros();
        return Mlp.Build<T>(inputDim, c.Depth, c.Width, classes, rng, ActivationOf(c.Activation), init: new LayerInit(weight, bias));
    }

    /// <summary>A float32 copy of a float64 model (the same architecture, every parameter rounded).</summary>
    internal static Sequential<float> ToFloat(Sequential<double> model, IsometryRun c, int inputDim, int classes)
    {
        var zeros = new LayerInit(Init.Zeros(), Init.Zeros());
        var copy = Mlp.Build<float>(inputDim, c.Depth, c.Width, classes, new Rng(0, "unused"), ActivationOf(c.Activation), init: zeros);
        foreach (var (dst, src) in copy.Parameters().Zip(model.Parameters()))
        {
            var d = dst.Span;
            var s = src.Span;
            for (int i = 0; i < d.Length; i++) d[i] = (float)s[i];
        }

        return copy;
    }

    /// <summary>The task's data with every feature multiplied by one factor so that the training inputs have mean square m.</summary>
    internal static DataSplit ScaledData(RunContext<IsometryRun> ctx, double meanSquare)
    {
        var c = ctx.Config;
        var data = ClassificationTask.Load(ctx, c.Data, c.Width, c.Classes, c.TrainSize, c.TestSize);
        double ms = data.Train.Features.Average(v => (double)v * v);
        float f = (float)Math.Sqrt(meanSquare / ms);
        Dataset Scale(Dataset d) =>
            new(d.Name + "/scaled", d.Features.Select(v => v * f).ToArray(), d.Count, d.Dim, d.Labels, d.Classes);
        return new DataSplit(Scale(data.Train), Scale(data.Test));
    }
}
