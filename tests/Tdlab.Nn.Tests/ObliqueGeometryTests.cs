using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;
using static Tdlab.Nn.Tests.ManifoldMath;

namespace Tdlab.Nn.Tests;

/// <summary>
/// The oblique geometry (seed 004 eqs. 19-22) in float64, one unit vector per row: the projection is tangent,
/// the exponential map follows the great circle (arc length ||xi||), parallel translation is an isometry into
/// the new tangent space that carries the initial velocity to the final one, every iterate of 1000 Adam steps
/// has unit rows to 1e-10, descent on the Rayleigh quotient finds the leading eigenvector in every row, and the
/// penalty of eq. 22 is its formula with a finite-difference gradient.
/// </summary>
public class ObliqueGeometryTests
{
    private const int Rows = 3, Cols = 5;
    private static readonly ParameterGeometry<double> Oblique = ParameterGeometry<double>.Oblique;
    private static readonly Shape Matrix = new(Rows, Cols);

    private static double[] PointOn(ulong seed)
    {
        var w = Gaussian(seed, "W", Rows * Cols);
        Oblique.ProjectPoint(Matrix, w);
        return w;
    }

    private static double[] Tangent(double[] w, ulong seed) =>
        Oblique.ProjectGradient(Matrix, w, Gaussian(seed, "xi", Rows * Cols), new double[Rows * Cols]).ToArray();

    private static ReadOnlySpan<double> Row(double[] x, int r) => x.AsSpan(r * Cols, Cols);

    [Fact]
    public void Projection_is_equation_19_and_tangent_per_row()
    {
        var w = PointOn(1);
        var g = Gaussian(2, "G", Rows * Cols);
        var pg = Oblique.ProjectGradient(Matrix, w, g, new double[Rows * Cols]).ToArray();
        for (int r = 0; r < Rows; r++)
        {
            Assert.Equal(1.0, Dot(Row(w, r), Row(w, r)), 1e-15);
            double wg = Dot(Row(w, r), Row(g, r));
            for (int i = 0; i < Cols; i++) Assert.Equal(g[r * Cols + i] - wg * w[r * Cols + i], pg[r * Cols + i], 1e-15);
            Assert.True(Math.Abs(Dot(Row(w, r), Row(pg, r))) <= 1e-15);
        }
    }

    [Fact]
    public void Exponential_map_moves_each_row_by_arc_length_norm_xi_on_the_great_circle()
    {
        var w = PointOn(3);
        var xi = Tangent(w, 4);
        var next = (double[])w.Clone();
        Oblique.Retract(Matrix, next, xi, 0.7);
        for (int r = 0; r < Rows; r++)
        {
            double t = 0.7 * Math.Sqrt(Dot(Row(xi, r), Row(xi, r)));
            Assert.Equal(1.0, Dot(Row(next, r), Row(next, r)), 1e-15);
            Assert.Equal(Math.Cos(t), Dot(Row(w, r), Row(next, r)), 1e-14);    // angle travelled = ||zeta||
            for (int i = 0; i < Cols; i++)                                     // eq. 20
                Assert.Equal(w[r * Cols + i] * Math.Cos(t) + 0.7 * xi[r * Cols + i] / t * Math.Sin(t), next[r * Cols + i], 1e-14);
        }
    }

    [Fact]
    public void Parallel_translation_is_an_isometry_into_the_new_tangent_space()
    {
        var w = PointOn(5);
        var zeta = Tangent(w, 6);
        var a = Tangent(w, 7);
        var b = Tangent(w, 8);
        var velocity = (double[])zeta.Clone();
        var wa = (double[])w.Clone();
        var wb = (double[])w.Clone();
        var wv = (double[])w.Clone();
        Oblique.RetractTransport(Matrix, wa, zeta, 1.3, a);
        Oblique.RetractTransport(Matrix, wb, zeta, 1.3, b);
        Oblique.RetractTransport(Matrix, wv, zeta, 1.3, velocity);           // d aliases v: T_zeta(zeta)
        var a0 = Tangent(w, 7);
        var b0 = Tangent(w, 8);
        for (int r = 0; r < Rows; r++)
        {
            Assert.True(Math.Abs(Dot(Row(wa, r), Row(a, r))) <= 1e-14, "not tangent at the new point");
            Assert.Equal(Dot(Row(a0, r), Row(b0, r)), Dot(Row(a, r), Row(b, r)), 1e-13);   // <T a, T b> = <a, b>
            double t = 1.3 * Math.Sqrt(Dot(Row(zeta, r), Row(zeta, r)));
            for (int i = 0; i < Cols; i++)                                   // gamma'(1) = t (u cos t - w sin t)
            {
                double u = 1.3 * zeta[r * Cols + i] / t;
                Assert.Equal(t * (u * Math.Cos(t) - w[r * Cols + i] * Math.Sin(t)), 1.3 * velocity[r * Cols + i], 1e-13);
            }
        }
    }

    [Fact]
    public void Adam_keeps_unit_rows_for_1000_steps_and_every_row_finds_the_leading_eigenvector()
    {
        double[] lambda = [3, 2, 1, 0.5, 0];
        var aValues = WithSpectrum(9, lambda);
        var a = Tensor.From(aValues, Cols, Cols);
        var w = Parameter(PointOn(10), Rows, Cols);
        var opt = new Adam<double>([new ParamGroup<double>([w], 0.02) { Geometry = Oblique }]);
        for (int t = 0; t < 1000; t++)
        {
            opt.ZeroGrad();
            (-(w * w.MatMul(a)).Sum()).Backward();                            // -sum_r w_r^T A w_r
            opt.Step();
            var x = w.ToArray();
            for (int r = 0; r < Rows; r++)
                Assert.True(Math.Abs(Math.Sqrt(Dot(Row(x, r), Row(x, r))) - 1) <= 1e-10, $"step {t + 1}, row {r}");
        }

        var top = SymmetricEigen.Decompose(aValues, Cols).Vector(Cols - 1);
        var final = w.ToArray();
        for (int r = 0; r < Rows; r++)
            Assert.True(1 - Math.Abs(Dot(top, Row(final, r))) <= 1e-6, $"row {r}: overlap {Dot(top, Row(final, r)):R}");
    }

    [Fact]
    public void Momentum_is_parallel_translated_and_stays_tangent()
    {
        var w = Parameter(PointOn(11), Rows, Cols);
        var opt = new Sgd<double>([new ParamGroup<double>([w], 0.05) { Geometry = Oblique }], momentum: 0.9);
        for (int t = 0; t < 200; t++)
        {
            opt.ZeroGrad();
            (w * w * w).Sum().Backward();
            opt.Step();
            var x = w.ToArray();
            var v = opt.Velocity(w).ToArray();
            for (int r = 0; r < Rows; r++) Assert.True(Math.Abs(Dot(Row(x, r), Row(v, r))) <= 1e-13, $"step {t + 1}, row {r}");
        }
    }

    [Fact]
    public void Penalty_is_equation_22_with_a_finite_difference_gradient()
    {
        var x = PointOn(12);
        var w = Parameter(x, Rows, Cols);
        double Value(double[] v)
        {
            var g = Mul(v, T(v, Rows, Cols), Rows, Cols, Rows);
            double s = 0;
            for (int i = 0; i < Rows; i++)
                for (int j = 0; j < Rows; j++) s += Math.Pow(g[i * Rows + j] - (i == j ? 1 : 0), 2);
            return 0.3 / 2 * s;
        }

        var penalty = Oblique<double>.Penalty(w, 0.3);
        Assert.Equal(Value(x), penalty.ItemDouble(), 1e-14);
        penalty.Backward();
        var grad = w.Grad!.ToArray();
        var dir = Gaussian(13, "t", Rows * Cols);
        const double e = 1e-6;
        double fd = (Value(x.Zip(dir, (a, b) => a + e * b).ToArray()) - Value(x.Zip(dir, (a, b) => a - e * b).ToArray())) / (2 * e);
        Assert.Equal(fd, Dot(grad, dir), 1e-8);

        var identityRows = new double[Rows * Cols];
        for (int i = 0; i < Rows; i++) identityRows[i * Cols + i] = 1;
        Assert.Equal(0.0, Oblique<double>.Penalty(Tensor.From(identityRows, Rows, Cols), 0.3).ItemDouble());
    }
}
