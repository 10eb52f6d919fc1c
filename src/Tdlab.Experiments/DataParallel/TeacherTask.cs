using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.DataParallel;

/// <summary>
/// The fixed regression task: x ~ N(0, I_d), a one-hidden-layer tanh teacher t(x) = tanh(x A) a with A ~ N(0, 1/d),
/// a ~ N(0, 1/m), its outputs scaled to unit variance over the n examples, and y = t(x) + sigma eps. Rows of
/// <see cref="X"/> (n x d, row-major) pair with <see cref="Y"/>. Drawn from one stream, so every run of a replicate
/// trains on the same examples.
/// </summary>
public sealed record TeacherTask(double[] X, double[] Y, int Count, int Dim)
{
    public static TeacherTask Generate(Rng rng, int n, int d, int teacherWidth, double noise)
    {
        Rng xs = rng.Child("x"), teacher = rng.Child("teacher"), eps = rng.Child("noise");
        var x = new double[n * d];
        for (int k = 0; k < x.Length; k++) x[k] = xs.NextNormal();
        var a = new double[d * teacherWidth];
        for (int k = 0; k < a.Length; k++) a[k] = teacher.NextNormal() / Math.Sqrt(d);
        var v = new double[teacherWidth];
        for (int j = 0; j < v.Length; j++) v[j] = teacher.NextNormal() / Math.Sqrt(teacherWidth);
        var t = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < teacherWidth; j++)
            {
                double z = 0;
                for (int k = 0; k < d; k++) z += x[i * d + k] * a[k * teacherWidth + j];
                t[i] += Math.Tanh(z) * v[j];
            }

        double mean = t.Average(), std = Math.Sqrt(t.Sum(u => (u - mean) * (u - mean)) / n);
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = (t[i] - mean) / std + noise * eps.NextNormal();
        return new TeacherTask(x, y, n, d);
    }

    /// <summary>(1/2) Var(y): the training loss of the best constant predictor.</summary>
    public double ConstantLoss
    {
        get
        {
            double mean = Y.Average();
            return Y.Sum(u => (u - mean) * (u - mean)) / (2 * Count);
        }
    }

    /// <summary>The rows <paramref name="rows"/> as (inputs B x d, targets B x 1) arrays.</summary>
    public (double[] X, double[] Y) Rows(ReadOnlySpan<int> rows)
    {
        var x = new double[rows.Length * Dim];
        var y = new double[rows.Length];
        for (int b = 0; b < rows.Length; b++)
        {
            Array.Copy(X, rows[b] * Dim, x, b * Dim, Dim);
            y[b] = Y[rows[b]];
        }

        return (x, y);
    }
}
