using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;
using static Tdlab.Nn.Tests.ManifoldMath;

namespace Tdlab.Nn.Tests;

/// <summary>
/// The Stiefel geometry (seed 004 eqs. 23-25) in float64: the projection is eq. 23 written out and gives
/// tangent vectors, the QR retraction lands on the manifold with diag(R) &gt; 0, the transport lands in the
/// new tangent space, every iterate of 1000 optimiser steps stays on the manifold to 1e-10, and descent on the
/// Brockett cost f(X) = -tr(X^T A X N) finds the top-p eigenvectors of A (the known optimum,
/// Absil, Mahony and Sepulchre 2008, section 4.8).
/// </summary>
public class StiefelGeometryTests
{
    private static readonly ParameterGeometry<double> Stiefel = ParameterGeometry<double>.Stiefel;

    private static double[] PointOn(ulong seed, int rows, int cols)
    {
        var w = Gaussian(seed, "W", rows * cols);
        Stiefel.ProjectPoint(new Shape(rows, cols), w);
        return w;
    }

    /// <summary>W^T xi + xi^T W for tall (n, p) W and xi: zero for a tangent vector.</summary>
    private static double SkewError(double[] w, double[] xi, int n, int p)
    {
        var m = Mul(T(w, n, p), xi, p, n, p);
        double worst = 0;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
                worst = Math.Max(worst, Math.Abs(m[i * p + j] + m[j * p + i]));
        return worst;
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(5, 5)]
    [InlineData(160, 130)]                                                         // n p^2 >= 10^6: the GEMM path
    public void Projection_is_equation_23_and_tangent(int n, int p)
    {
        var shape = new Shape(n, p);
        var w = PointOn(1, n, p);
        Assert.True(OrthonormalityError(w, n, p) <= 1e-14);
        var g = Gaussian(2, "G", n * p);
        var pg = Stiefel.ProjectGradient(shape, w, g, new double[n * p]).ToArray();

        // eq. 23 literally: (I - W W^T) G + W (W^T G - G^T W) / 2
        var wtg = Mul(T(w, n, p), g, p, n, p);
        var wwtg = Mul(w, wtg, n, p, p);
        var skew = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
                skew[i * p + j] = 0.5 * (wtg[i * p + j] - wtg[j * p + i]);
        var wskew = Mul(w, skew, n, p, p);
        for (int i = 0; i < n * p; i++) Assert.Equal(g[i] - wwtg[i] + wskew[i], pg[i], 1e-13);

        Assert.True(SkewError(w, pg, n, p) <= 1e-13, "W^T xi + xi^T W != 0");
        var ppg = Stiefel.ProjectGradient(shape, w, pg, new double[n * p]).ToArray();
        for (int i = 0; i < n * p; i++) Assert.Equal(pg[i], ppg[i], 1e-13);
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(3, 7)]
    [InlineData(4, 4)]
    [InlineData(160, 130)]                                                         // the CholeskyQR2 path
    [InlineData(130, 160)]
    [InlineData(130, 130)]
    public void Retraction_is_the_q_factor_with_positive_diagonal_and_lands_on_the_manifold(int rows, int cols)
    {
        var shape = new Shape(rows, cols);
        int n = Math.Max(rows, cols), p = Math.Min(rows, cols);
        var w = PointOn(3, rows, cols);
        var before = (double[])w.Clone();
        var d = Gaussian(4, "d", rows * cols);
        Stiefel.Retract(shape, w, d, 0.3);
        var tall = rows >= cols ? w : T(w, rows, cols);                            // (n, p)
        Assert.True(OrthonormalityError(tall, n, p) <= 1e-14, "R_W(xi) left the manifold");

        // qf: W + 0.3 d = Q R with R = Q^T (W + 0.3 d) upper triangular and diag(R) > 0
        var sum = before.Zip(d, (a, b) => a + 0.3 * b).ToArray();
        var sumTall = rows >= cols ? sum : T(sum, rows, cols);
        var r = Mul(T(tall, n, p), sumTall, p, n, p);
        for (int i = 0; i < p; i++)
        {
            Assert.True(r[i * p + i] > 0, $"R[{i},{i}] = {r[i * p + i]}");
            for (int j = 0; j < i; j++) Assert.True(Math.Abs(r[i * p + j]) <= 1e-13, $"R[{i},{j}] = {r[i * p + j]}");
        }

        var again = (double[])before.Clone();
        Stiefel.Retract(shape, again, d, 0.0);                                      // R_W(0) = W
        for (int i = 0; i < again.Length; i++) Assert.Equal(before[i], again[i], 1e-14);
    }

    [Theory]
    [InlineData(160, 130)]
    [InlineData(130, 160)]
    public void Large_slices_retract_to_the_householder_q_factor(int rows, int cols)
    {
        int n = Math.Max(rows, cols), p = Math.Min(rows, cols);
        var w = PointOn(8, rows, cols);
        var d = Gaussian(9, "d", rows * cols);
        var sum = w.Zip(d, (a, b) => a + 0.3 * b).ToArray();
        var householder = Qr.Decompose(rows >= cols ? sum : T(sum, rows, cols), n, p).Q;   // (n, p), diag(R) >= 0
        Stiefel.Retract(new Shape(rows, cols), w, d, 0.3);
        var tall = rows >= cols ? w : T(w, rows, cols);
        for (int i = 0; i < tall.Length; i++) Assert.Equal(householder[i], tall[i], 1e-12);
    }

    [Fact]
    public void Large_slices_stay_on_the_manifold_over_1000_retractions()
    {
        const int n = 200, p = 104;                                                 // n p^2 = 2.16e6 >= 10^6
        var shape = new Shape(n, p);
        var w = PointOn(10, n, p);
        var rng = new Rng(11, "steps");
        var d = new double[n * p];
        for (int t = 0; t < 1000; t++)
        {
            rng.Normal<double>(d, 0.0, 0.05);                                       // not tangent, as Adam's step is not
            Stiefel.Retract(shape, w, d, 1.0);
            Assert.True(OrthonormalityError(w, n, p) <= 1e-10, $"step {t}: ||W^T W - I|| = {OrthonormalityError(w, n, p)}");
        }
    }

    [Fact]
    public void Transport_lands_in_the_tangent_space_at_the_new_point()
    {
        const int n = 6, p = 3;
        var shape = new Shape(n, p);
        var w = PointOn(5, n, p);
        var xi = Stiefel.ProjectGradient(shape, w, Gaussian(6, "xi", n * p), new double[n * p]).ToArray();
        var zeta = Stiefel.ProjectGradient(shape, w, Gaussian(7, "zeta", n * p), new double[n * p]).ToArray();
        Assert.True(SkewError(w, xi, n, p) <= 1e-13);
        Stiefel.RetractTransport(shape, w, zeta, 0.5, xi);                         // Y = R_W(zeta / 2), xi to T_Y
        Assert.True(SkewError(w, xi, n, p) <= 1e-13, "transported vector is not tangent at Y");
        Assert.Contains(xi, x => x != 0);
    }

    /// <summary>Brockett cost -tr(X^T A X N) on the tape; its minimum over St(p, n) is -sum_i mu_i lambda_i.</summary>
    private static Tensor<double> Brockett(Tensor<double> a, Tensor<double> nDiag, Tensor<double> x) =>
        -(x * a.MatMul(x).MatMul(nDiag)).Sum();

    /// <summary>
    /// Minimises the Brockett cost of A = Q diag(lambda) Q^T, N = diag(3, 2, 1) on St(3, 6) with the optimiser
    /// make builds; asserts ||X^T X - I||_F &lt;= 1e-10 after every step and returns (final cost, optimum, X).
    /// </summary>
    private static (double Cost, double Optimum, double[] X, double[] A) Minimise(Func<Tensor<double>, Optimizer<double>> make, int steps,
        Action<Optimizer<double>, Tensor<double>>? check = null)
    {
        const int n = 6, p = 3;
        double[] lambda = [4, 3, 2, 1, 0.5, 0];
        double[] mu = [3, 2, 1];
        var aValues = WithSpectrum(11, lambda);
        var a = Tensor.From(aValues, n, n);
        var nDiag = Tensor.From(new double[] { 3, 0, 0, 0, 2, 0, 0, 0, 1 }, p, p);
        var x = Parameter(PointOn(12, n, p), n, p);
        var opt = make(x);
        for (int t = 0; t < steps; t++)
        {
            opt.ZeroGrad();
            Brockett(a, nDiag, x).Backward();
            opt.Step();
            double err = OrthonormalityError(x.ToArray(), n, p);
            Assert.True(err <= 1e-10, $"step {t + 1}: ||X^T X - I||_F = {err:R}");
            check?.Invoke(opt, x);
        }

        double optimum = -mu.Select((m, i) => m * lambda[i]).Sum();
        return (Brockett(a, nDiag, x).ItemDouble(), optimum, x.ToArray(), aValues);
    }

    private static ParamGroup<double>[] OnStiefel(Tensor<double> x, double lr) =>
        [new ParamGroup<double>([x], lr) { Geometry = Stiefel }];

    [Fact]
    public void Riemannian_sgd_finds_the_top_eigenvectors_of_the_brockett_cost()
    {
        var (cost, optimum, x, a) = Minimise(x => new Sgd<double>(OnStiefel(x, 0.03)), 1000);
        Assert.Equal(optimum, cost, 1e-10);
        var evd = SymmetricEigen.Decompose(a, 6);                                  // ascending: top is index 5
        for (int j = 0; j < 3; j++)
        {
            var u = evd.Vector(5 - j);
            double overlap = Math.Abs(Enumerable.Range(0, 6).Sum(i => u[i] * x[i * 3 + j]));
            Assert.True(1 - overlap <= 1e-10, $"column {j}: |<u_{j}, x_{j}>| = {overlap:R}");
        }
    }

    [Fact]
    public void Momentum_stays_tangent_and_riemannian_adam_approaches_the_optimum()
    {
        Minimise(x => new Sgd<double>(OnStiefel(x, 0.01), momentum: 0.8), 200, (opt, x) =>
            Assert.True(SkewError(x.ToArray(), ((Sgd<double>)opt).Velocity(x).ToArray(), 6, 3) <= 1e-12, "velocity left the tangent space"));
        var (cost, optimum, _, _) = Minimise(x => new Adam<double>(OnStiefel(x, 0.01)), 1000);
        Assert.True(cost - optimum is >= 0 and <= 1e-3, $"Adam: f = {cost:R}, optimum {optimum:R}");
    }

    [Fact]
    public void Float32_iterates_stay_on_the_manifold_to_float_precision()
    {
        var w = new float[16];
        new Rng(13, "W").Normal<float>(w, 0f, 1f);
        var x = Tensor.From(w, 4, 4);
        ParameterGeometry<float>.Stiefel.ProjectPoint(x.Shape, x.Span);
        x.RequiresGrad = true;
        var opt = new Adam<float>([new ParamGroup<float>([x], 0.01) { Geometry = ParameterGeometry<float>.Stiefel }]);
        for (int t = 0; t < 100; t++)
        {
            opt.ZeroGrad();
            (x * x * x).Sum().Backward();
            opt.Step();
        }

        Assert.True(OrthonormalityError(x.ToArray().Select(v => (double)v).ToArray(), 4, 4) <= 1e-5);
    }
}
