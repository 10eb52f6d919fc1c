using Tdlab.Probes.Hessian;

namespace Tdlab.Probes.Tests.Hessian;

public class ConjugateGradientTests
{
    /// <summary>(H + mu I) x = b for a net's Hessian made positive definite by the damping: the residual of the dense system is at the tolerance.</summary>
    [Fact]
    public void Solves_the_damped_hessian_system()
    {
        var (model, batch) = TinyNets.Classifier(seed: 51);
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var dense = DenseOperator.FromProducts(op, out _);
        double mu = 1e-3 - Math.Min(0, dense.Eigenvalues()[0]);       // H + mu I has smallest eigenvalue 1e-3
        var b = TinyNets.RandomVector(op.Dimension, 52);
        var s = ConjugateGradient.Solve(op, b, mu, maxIterations: 5 * op.Dimension, tolerance: 1e-10);
        Assert.False(s.NegativeCurvature);
        var ax = new double[op.Dimension];
        dense.Apply(s.X, ax);
        double res = 0, norm = 0;
        for (int i = 0; i < ax.Length; i++)
        {
            res += Math.Pow(ax[i] + mu * s.X[i] - b[i], 2);
            norm += b[i] * b[i];
        }

        Assert.True(Math.Sqrt(res / norm) <= 1e-9, $"relative residual {Math.Sqrt(res / norm)}");
        Assert.True(s.RelativeResidual <= 1e-10);
    }

    /// <summary>An indefinite diagonal operator: CG meets negative curvature and stops, saying so; a positive one converges in n steps.</summary>
    [Fact]
    public void Stops_on_negative_curvature_and_converges_in_n_steps_on_spd()
    {
        double[] d = [2, -1, 0.5];
        var indefinite = new DelegateOperator(3, (x, y) =>
        {
            for (int i = 0; i < 3; i++) y[i] = d[i] * x[i];
        });
        var s = ConjugateGradient.Solve(indefinite, new double[] { 0, 1, 0 }, 0, 10, 1e-12);
        Assert.True(s.NegativeCurvature);
        Assert.Equal(1, s.Products);

        var spd = new DenseOperator([4, 1, 0, 1, 3, 1, 0, 1, 2], 3);
        var t = ConjugateGradient.Solve(spd, new double[] { 1, 2, 3 }, 0, 10, 1e-12);
        Assert.True(t.Products <= 3);
        double[] exact = [2.0 / 9, 1.0 / 9, 13.0 / 9];                 // solved by hand
        for (int i = 0; i < 3; i++) Assert.Equal(exact[i], t.X[i], 10);
    }
}
