using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class ProjectionPursuitTests
{
    [Fact]
    public void A_balanced_plus_minus_one_sample_has_excess_kurtosis_minus_two_whatever_its_scale_and_shift()
    {
        Assert.Equal(-2, ProjectionPursuit.ExcessKurtosis([-1, -1, 1, 1]), 14);
        var r = ProjectionPursuit.MostNonGaussian([2, 2, 8, 8], 4, 1, new Rng(1, "starts"));
        Assert.Equal(-2, r.ExcessKurtosis, 12);
        Assert.Equal(new[] { -1.0, -1, 1, 1 }.Select(Math.Abs), r.Projection.Select(Math.Abs));
    }

    [Fact]
    public void On_the_full_two_coordinate_design_the_pursuit_finds_an_axis_with_kappa_minus_two()
    {
        // Rows (a, b) in {-1, 1}^2, each once: the covariance is I and for w = (cos t, sin t) the projection has
        // (1/n) sum y^4 = 1 + 4 cos^2 t sin^2 t, so kappa(w) = -2 + sin^2(2t): |kappa| is largest (2) on the axes only.
        double[] x = [1, 1, 1, -1, -1, 1, -1, -1];
        var r = ProjectionPursuit.MostNonGaussian(x, 4, 2, new Rng(3, "starts"), starts: 5);
        Assert.Equal(-2, r.ExcessKurtosis, 10);
        Assert.Equal(1, Math.Max(Math.Abs(r.Direction[0]), Math.Abs(r.Direction[1])), 5);
    }

    [Fact]
    public void A_uniform_source_hidden_by_a_random_mixing_is_recovered_whatever_the_scale_and_shift()
    {
        // d = 6 sources: one uniform on [-sqrt 3, sqrt 3] (kappa = -1.2), five standard normal; X = S A with A random.
        const int n = 20000, d = 6;
        var rng = new Rng(7, "mixing");
        var s = new double[n * d];
        rng.Normal<double>(s, 0, 1);
        for (int i = 0; i < n; i++) s[i * d + 2] = (2 * rng.NextDouble() - 1) * Math.Sqrt(3);
        var a = new double[d * d];
        rng.Normal<double>(a, 0, 1);
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                for (int k = 0; k < d; k++) x[i * d + j] += s[i * d + k] * a[k * d + j];
        var r = ProjectionPursuit.MostNonGaussian(x, n, d, new Rng(7, "starts"));
        Assert.InRange(r.ExcessKurtosis, -1.25, -1.15);
        var source = Enumerable.Range(0, n).Select(i => s[i * d + 2]).ToArray();
        double corr = Correlation(source, r.Projection);
        Assert.True(Math.Abs(corr) > 0.995, $"correlation with the uniform source {corr}");
        // kappa is affine invariant: scaling each coordinate and shifting the sample finds the same maximum to rounding.
        var y = x.Select((v, k) => 3.5 * (k % d + 1) * v - 7).ToArray();
        Assert.Equal(r.ExcessKurtosis, ProjectionPursuit.MostNonGaussian(y, n, d, new Rng(7, "starts")).ExcessKurtosis, 8);
    }

    [Fact]
    public void Gaussian_draws_give_only_a_small_sampling_kurtosis()
    {
        const int n = 20000, d = 5;
        var x = new double[n * d];
        new Rng(11, "gauss").Normal<double>(x, 0, 1);
        var r = ProjectionPursuit.MostNonGaussian(x, n, d, new Rng(11, "starts"));
        Assert.InRange(Math.Abs(r.ExcessKurtosis), 0, 0.2);                  // order sqrt(24 d / n) = 0.077
    }

    [Fact]
    public void A_rank_deficient_sample_is_whitened_over_the_directions_it_spans()
    {
        // The third coordinate copies the first: the pursuit runs in 2 whitened dimensions and still finds kappa = -2.
        double[] x = [1, 1, 1, 1, -1, 1, -1, 1, -1, -1, -1, -1];
        var r = ProjectionPursuit.MostNonGaussian(x, 4, 3, new Rng(5, "starts"));
        Assert.Equal(2, r.Direction.Length);
        Assert.Equal(-2, r.ExcessKurtosis, 10);
    }

    [Fact]
    public void Held_out_a_direction_fitted_to_one_outlier_carries_no_kurtosis_and_a_real_one_keeps_it()
    {
        // Gaussian draws with one outlying row (30 sd): in-sample the pursuit chases the outlier (kappa ~ |z|^4 / n),
        // held out the direction is an ordinary one.
        const int n = 2000, d = 32;
        var x = new double[n * d];
        new Rng(13, "gauss").Normal<double>(x, 0, 1);
        for (int j = 0; j < d; j++) x[j] *= 30;
        var r = ProjectionPursuit.HeldOut(x, n, d, new Rng(13, "pursuit"));
        var inSample = ProjectionPursuit.MostNonGaussian(x, n, d, new Rng(13, "starts"));
        Assert.True(Math.Abs(inSample.ExcessKurtosis) > 100, $"in-sample {inSample.ExcessKurtosis}");
        Assert.InRange(Math.Abs(r.HeldOutKurtosis), 0, 5 * Math.Sqrt(24.0 / (n / 2)) + 0.3);   // the outlier may sit in the held-out half
        Assert.Equal(n - n / 2, r.HeldOutProjection.Length);
        Assert.Equal(0, r.HeldOutProjection.Average(), 10);
        Assert.Equal(1, r.HeldOutProjection.Average(v => v * v), 10);

        // A uniform source mixed with 7 Gaussian ones keeps kappa = -1.2 on the held-out half.
        const int m = 20000, k = 8;
        var rng = new Rng(17, "mix");
        var s = new double[m * k];
        rng.Normal<double>(s, 0, 1);
        for (int i = 0; i < m; i++) s[i * k + 5] = (2 * rng.NextDouble() - 1) * Math.Sqrt(3);
        var uniform = ProjectionPursuit.HeldOut(s, m, k, new Rng(17, "pursuit"));
        Assert.InRange(uniform.HeldOutKurtosis, -1.3, -1.1);
    }

    [Fact]
    public void Held_out_gaussian_draws_give_kurtosis_near_zero_where_the_in_sample_maximum_is_inflated()
    {
        const int n = 4000, d = 100;
        var x = new double[n * d];
        new Rng(19, "gauss").Normal<double>(x, 0, 1);
        var r = ProjectionPursuit.HeldOut(x, n, d, new Rng(19, "pursuit"));
        Assert.True(r.FitKurtosis > 1, $"in-sample maximum {r.FitKurtosis}");             // overfitting on 2000 x 100
        Assert.InRange(Math.Abs(r.HeldOutKurtosis), 0, 4 * Math.Sqrt(24.0 / (n / 2)));
    }

    [Fact]
    public void A_sample_without_variance_or_with_a_nan_gives_nan()
    {
        Assert.True(double.IsNaN(ProjectionPursuit.MostNonGaussian([1, 1, 1, 1], 4, 1, new Rng(1, "s")).ExcessKurtosis));
        Assert.True(double.IsNaN(ProjectionPursuit.HeldOut([1, 2, double.NaN, 4, 5, 6], 6, 1, new Rng(1, "s")).HeldOutKurtosis));
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
