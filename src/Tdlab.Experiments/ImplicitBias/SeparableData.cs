using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>
/// Linearly separable points: x ~ N(0, I_d), labels y = sign(u . x + b) of a random teacher (u unit, b = 0.3),
/// points with |u . x + b| &lt; gap redrawn. <see cref="Features"/> (n, d + 1) are z_i = (1, x_i) / R with
/// R = max_i ||(1, x_i)||, so a linear model through the origin in feature space is an affine classifier of x
/// and max_i ||z_i|| = 1 (the setting of Telgarsky 2021, Thm 15.1).
/// </summary>
internal sealed record SeparableData(double[] Raw, double[] Features, double[] Labels, int Dim, int Count)
{
    public const double Offset = 0.3;

    public int FeatureDim => Dim + 1;

    public static SeparableData Generate(Rng rng, int dim, int count, double gap)
    {
        var u = new double[dim];
        rng.Child("teacher").Normal<double>(u, 0, 1);
        double norm = Math.Sqrt(u.Sum(v => v * v));
        for (int k = 0; k < dim; k++) u[k] /= norm;

        var points = rng.Child("points");
        var raw = new double[count * dim];
        var labels = new double[count];
        var x = new double[dim];
        for (int i = 0; i < count; i++)
        {
            double score;
            do
            {
                points.Normal<double>(x, 0, 1);
                score = Offset + x.Select((v, k) => v * u[k]).Sum();
            }
            while (Math.Abs(score) < gap);
            x.CopyTo(raw, i * dim);
            labels[i] = score > 0 ? 1 : -1;
        }

        // Balanced enough? Both classes must appear, or there is nothing to separate.
        if (labels.All(l => l > 0) || labels.All(l => l < 0))
            throw new InvalidOperationException($"SeparableData: all {count} labels are equal; use more points");

        double r = 0;
        for (int i = 0; i < count; i++) r = Math.Max(r, 1 + raw.AsSpan(i * dim, dim).ToArray().Sum(v => v * v));
        r = Math.Sqrt(r);
        var features = new double[count * (dim + 1)];
        for (int i = 0; i < count; i++)
        {
            features[i * (dim + 1)] = 1 / r;
            for (int k = 0; k < dim; k++) features[i * (dim + 1) + 1 + k] = raw[i * dim + k] / r;
        }

        return new SeparableData(raw, features, labels, dim, count);
    }
}
