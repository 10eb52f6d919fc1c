using Tdlab.Tensors.Random;

namespace Tdlab.Data.Synthetic;

/// <summary>
/// Gaussian-mixture classification in d dimensions: class k has centre mu_k ~ N(0, (separation^2 / d) I)
/// scaled so that ||mu_k|| ~ separation, and examples x = mu_k + noise * z, z ~ N(0, I), with balanced
/// classes in random order. With separation 3 and noise 1 the classes overlap a little, so accuracy
/// separates good training from bad without saturating.
/// </summary>
public static class GaussianMixture
{
    public static DataSplit Generate(Rng rng, int dim, int classes, int trainCount, int testCount,
        double separation = 3.0, double noise = 1.0, double labelNoise = 0.0)
    {
        if (dim <= 0 || classes < 2 || trainCount <= 0 || testCount < 0)
            throw new ArgumentException($"GaussianMixture: bad sizes dim={dim} classes={classes} train={trainCount} test={testCount}");
        var centres = new double[classes * dim];
        rng.Child("centres").Normal<double>(centres, 0, separation / Math.Sqrt(dim));
        return new DataSplit(
            Draw(rng.Child("train"), "gaussian-mixture/train", centres, dim, classes, trainCount, noise, labelNoise),
            Draw(rng.Child("test"), "gaussian-mixture/test", centres, dim, classes, testCount, noise, 0.0));
    }

    private static Dataset Draw(Rng rng, string name, double[] centres, int dim, int classes, int count, double noise, double labelNoise)
    {
        var x = new float[count * dim];
        var labels = new int[count];
        var z = new double[dim];
        var order = rng.Permutation(count);
        for (int i = 0; i < count; i++)
        {
            int k = order[i] % classes;
            rng.Normal<double>(z, 0, noise);
            for (int j = 0; j < dim; j++) x[i * dim + j] = (float)(centres[k * dim + j] + z[j]);
            labels[i] = labelNoise > 0 && rng.NextDouble() < labelNoise ? rng.NextInt(classes) : k;
        }

        return new Dataset(name, x, count, dim, labels, classes);
    }
}
