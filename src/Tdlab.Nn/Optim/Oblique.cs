using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// The oblique manifold of matrices with unit-norm rows: each row w of a (rows, cols) slice lies on the sphere
/// S^{cols-1}, the manifold being their product (seed 004 eq. 16 and section 3.2.1; Cho and Lee 2017,
/// "Riemannian approach to batch normalization"). The seed writes Ob(p, n) as n x p matrices with unit
/// columns; a weight stored (out, in) here has one row per unit, so W^T is in Ob(out, in): every unit's
/// incoming weight vector is a unit vector. A vector slice (n) is one sphere. Per row, with ||w|| = 1:
/// <list type="bullet">
/// <item>projection (eq. 19): grad f = G - (w^T G) w;</item>
/// <item>exponential map (eq. 20): Exp_w(xi) = w cos ||xi|| + (xi / ||xi||) sin ||xi||, the great circle;</item>
/// <item>parallel translation (eq. 21) along the geodesic with initial velocity zeta, u = zeta / ||zeta||:
/// T_zeta(xi) = xi - (u^T xi) (u (1 - cos ||zeta||) + w sin ||zeta||).</item>
/// </list>
/// <see cref="Retract"/> first projects the step onto the tangent space (Adam's step m / (sqrt(v) + eps) is
/// not tangent), then follows the exponential map, then renormalises (a rounding guard: the exponential map
/// keeps ||w|| = 1 exactly in exact arithmetic). <see cref="RetractTransport"/> parallel-translates momentum
/// along that geodesic; <see cref="Transport"/> alone is the projection at the new point (a vector transport
/// that needs no old point). Arithmetic in double per row; cost O(rows cols) per hook.
/// The optional non-orthogonality penalty of eq. 22 is <see cref="Penalty"/>.
/// </summary>
public sealed class Oblique<T> : ParameterGeometry<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override string Name => "oblique";

    /// <summary>Every row w &lt;- w / ||w||.</summary>
    public override void ProjectPoint(Shape shape, Span<T> w)
    {
        var (rows, cols) = Rows(shape);
        for (int r = 0; r < rows; r++)
        {
            var row = w.Slice(r * cols, cols);
            double norm = Math.Sqrt(Dot(row, row));
            if (norm == 0) throw new ArgumentException($"Oblique: row {r} of the slice {shape} is zero and has no nearest unit vector");
            for (int i = 0; i < cols; i++) row[i] = T.CreateTruncating(double.CreateTruncating(row[i]) / norm);
        }
    }

    /// <summary>Eq. 19 per row: G - (w^T G) w, into buffer.</summary>
    public override ReadOnlySpan<T> ProjectGradient(Shape shape, ReadOnlySpan<T> w, ReadOnlySpan<T> egrad, Span<T> buffer)
    {
        var (rows, cols) = Rows(shape);
        for (int r = 0; r < rows; r++)
        {
            var wr = w.Slice(r * cols, cols);
            double dot = Dot(egrad.Slice(r * cols, cols), wr);
            for (int i = 0; i < cols; i++)
                buffer[r * cols + i] = T.CreateTruncating(double.CreateTruncating(egrad[r * cols + i]) - dot * double.CreateTruncating(wr[i]));
        }

        return buffer;
    }

    /// <summary>Eq. 20 per row: w &lt;- Exp_w(xi), xi = step P_w(d).</summary>
    public override void Retract(Shape shape, Span<T> w, ReadOnlySpan<T> d, T step) => Step(shape, w, d, step, []);

    /// <summary>Per row: v &lt;- v - (v^T w) w at the new point w (vector transport by projection).</summary>
    public override void Transport(Shape shape, ReadOnlySpan<T> w, Span<T> v)
    {
        var (rows, cols) = Rows(shape);
        for (int r = 0; r < rows; r++) ProjectRow(w.Slice(r * cols, cols), v.Slice(r * cols, cols));
    }

    /// <summary>
    /// Eqs. 20 and 21 per row: zeta = step P_w(d), w' = Exp_w(zeta), and v (tangent at w) parallel-translated
    /// along that geodesic to w', then projected at w' (a rounding guard). d may alias v.
    /// </summary>
    public override void RetractTransport(Shape shape, Span<T> w, ReadOnlySpan<T> d, T step, Span<T> v) => Step(shape, w, d, step, v);

    /// <summary>
    /// Eq. 22, rho(lambda, W) = (lambda / 2) ||W W^T - I||_F^2 for the unit rows of w (rows, cols) (the seed's
    /// W^T W for unit columns), on the tape: added to the loss it penalises non-orthogonal units.
    /// </summary>
    public static Tensor<T> Penalty(Tensor<T> w, double lambda)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (w.Rank != 2) throw new ArgumentException($"Oblique.Penalty: needs a (rows, cols) matrix, got {w.Shape}");
        var gram = w.MatMul(w, transB: true);                 // (rows, rows)
        return (gram - Tensor.Eye<T>(w.Shape[0])).Square().Sum() * T.CreateTruncating(lambda / 2);
    }

    /// <summary>The exponential-map step of every row, and the parallel translation of v when v is not empty.</summary>
    private static void Step(Shape shape, Span<T> w, ReadOnlySpan<T> d, T step, Span<T> v)
    {
        var (rows, cols) = Rows(shape);
        double s = double.CreateTruncating(step);
        var old = new double[cols];
        var u = new double[cols];
        for (int r = 0; r < rows; r++)
        {
            var wr = w.Slice(r * cols, cols);
            var dr = d.Slice(r * cols, cols);
            double dw = Dot(dr, wr);
            for (int i = 0; i < cols; i++)
            {
                old[i] = double.CreateTruncating(wr[i]);
                u[i] = s * (double.CreateTruncating(dr[i]) - dw * old[i]);   // zeta = step P_w(d)
            }

            double t = Math.Sqrt(DotD(u, u));                                  // ||zeta||
            if (t > 0)
            {
                for (int i = 0; i < cols; i++) u[i] /= t;
                double cos = Math.Cos(t), sin = Math.Sin(t), norm = 0;
                for (int i = 0; i < cols; i++)
                {
                    double x = old[i] * cos + u[i] * sin;                      // eq. 20
                    norm += x * x;
                    wr[i] = T.CreateTruncating(x);
                }

                norm = Math.Sqrt(norm);
                for (int i = 0; i < cols; i++) wr[i] = T.CreateTruncating(double.CreateTruncating(wr[i]) / norm);
                if (!v.IsEmpty)
                {
                    var vr = v.Slice(r * cols, cols);
                    double a = 0;
                    for (int i = 0; i < cols; i++) a += u[i] * double.CreateTruncating(vr[i]);   // u^T xi
                    for (int i = 0; i < cols; i++)                                               // eq. 21
                        vr[i] = T.CreateTruncating(double.CreateTruncating(vr[i]) - a * (u[i] * (1 - cos) + old[i] * sin));
                }
            }

            if (!v.IsEmpty) ProjectRow(wr, v.Slice(r * cols, cols));
        }
    }

    /// <summary>v &lt;- v - (v^T w) w for one row.</summary>
    private static void ProjectRow(ReadOnlySpan<T> w, Span<T> v)
    {
        double dot = Dot(v, w);
        for (int i = 0; i < v.Length; i++)
            v[i] = T.CreateTruncating(double.CreateTruncating(v[i]) - dot * double.CreateTruncating(w[i]));
    }

    /// <summary>(rows, cols): a vector (n) is one row; a higher rank is (shape[0], rest).</summary>
    private static (int Rows, int Cols) Rows(Shape shape) => shape.Rank <= 1 ? (1, shape.Length) : (shape[0], shape.Length / shape[0]);

    private static double Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += double.CreateTruncating(x[i]) * double.CreateTruncating(y[i]);
        return s;
    }

    private static double DotD(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }
}
