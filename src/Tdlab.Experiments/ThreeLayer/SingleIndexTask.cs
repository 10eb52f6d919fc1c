using Tdlab.Lab.Runner;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>
/// The case study's data (seed 003, section 3.1): x ~ N(0, I_d), a unit teacher direction w*, y = g*(w*^T x) with
/// g*(t) = sin(nu pi t), noiseless; a training set of n rows and a separate validation set. Rows are row-major (n, d).
/// </summary>
public sealed class SingleIndexTask
{
    private SingleIndexTask(double[] teacher, double nu, double[] trainX, double[] validationX)
    {
        Teacher = teacher;
        Nu = nu;
        TrainX = trainX;
        ValidationX = validationX;
        TrainY = Targets(trainX);
        ValidationY = Targets(validationX);
        double mean = ValidationY.Average();
        TargetVariance = ValidationY.Sum(v => (v - mean) * (v - mean)) / ValidationY.Length;
    }

    /// <summary>w* (d), unit norm.</summary>
    public double[] Teacher { get; }

    public double Nu { get; }

    public int D => Teacher.Length;

    public double[] TrainX { get; }

    public double[] TrainY { get; }

    public int TrainCount => TrainY.Length;

    public double[] ValidationX { get; }

    public double[] ValidationY { get; }

    /// <summary>Var(y) on the validation set: the MSE of the best constant predictor, the scale of a failed run's loss.</summary>
    public double TargetVariance { get; }

    /// <summary>g*(t) = sin(nu pi t).</summary>
    public double Link(double t) => Math.Sin(Nu * Math.PI * t);

    /// <summary>
    /// The replicate's task: w* from the stream "teacher/d", the validation rows from "validation/d", the training rows
    /// from "train/d/n" (shared by every run of the replicate with that d and n: the learners see the same data).
    /// </summary>
    public static SingleIndexTask Load(RunContext ctx, int d, int trainSize, int validationSize, double nu) =>
        Create(d, trainSize, validationSize, nu, ctx.Shared($"teacher/{d}", "data"), ctx.Shared($"train/{d}/{trainSize}", "data"),
            ctx.Shared($"validation/{d}", "data"));

    public static SingleIndexTask Create(int d, int trainSize, int validationSize, double nu, Rng teacher, Rng train, Rng validation)
    {
        var w = new double[d];
        teacher.Normal<double>(w, 0, 1);
        double norm = Math.Sqrt(w.Sum(v => v * v));
        for (int i = 0; i < d; i++) w[i] /= norm;
        var xt = new double[trainSize * d];
        var xv = new double[validationSize * d];
        train.Normal<double>(xt, 0, 1);
        validation.Normal<double>(xv, 0, 1);
        return new SingleIndexTask(w, nu, xt, xv);
    }

    /// <summary>Mean squared error (1/n) sum_i (y_i - f(x_i))^2 of <paramref name="f"/> over the first <paramref name="rows"/> rows of a set.</summary>
    public static double Mse(Predictor f, double[] x, double[] y, int d, int rows)
    {
        double s = 0;
        for (int i = 0; i < rows; i++)
        {
            double r = y[i] - f(x.AsSpan(i * d, d));
            s += r * r;
        }

        return s / rows;
    }

    private double[] Targets(double[] x)
    {
        int n = x.Length / D;
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = 0;
            for (int l = 0; l < D; l++) t += Teacher[l] * x[i * D + l];
            y[i] = Link(t);
        }

        return y;
    }
}
