namespace Tdlab.Probes.Hessian;

/// <summary>
/// Solves (A + damping I) x = b for a symmetric operator A by conjugate gradients (Hestenes and Stiefel 1952; Nocedal
/// and Wright 2006, algorithm 5.2), from x = 0, until ||r|| &lt;= tolerance ||b|| or maxIterations products. For the
/// damped Newton step of an indefinite Hessian it is truncated (Steihaug 1983): on a direction of non-positive
/// curvature p^T (A + damping I) p &lt;= 0 it stops and returns the iterate so far (or b itself, scaled to the step
/// a unit-curvature model would take, when that happens at once), and says so.
/// </summary>
public static class ConjugateGradient
{
    /// <summary>The solution, the products used, the final relative residual ||r|| / ||b||, and whether negative curvature stopped it.</summary>
    public sealed record Solution(double[] X, int Products, double RelativeResidual, bool NegativeCurvature);

    public static Solution Solve(ISymmetricOperator op, ReadOnlySpan<double> b, double damping, int maxIterations, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(op);
        int n = op.Dimension;
        if (b.Length != n) throw new ArgumentException($"ConjugateGradient: b of {b.Length} for an operator on {n}");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var x = new double[n];
        var r = b.ToArray();                           // r = b - (A + damping I) x, x = 0
        var p = b.ToArray();
        var ap = new double[n];
        double rr = Dot(r, r), bNorm = Math.Sqrt(rr);
        if (bNorm == 0) return new Solution(x, 0, 0, false);
        int products = 0;
        while (products < maxIterations && Math.Sqrt(rr) > tolerance * bNorm)
        {
            op.Apply(p, ap);
            products++;
            for (int i = 0; i < n; i++) ap[i] += damping * p[i];
            double curvature = Dot(p, ap);
            if (curvature <= 0)
            {
                if (products == 1) b.CopyTo(x);          // no positive-curvature direction yet: the step along b
                return new Solution(x, products, Math.Sqrt(rr) / bNorm, true);
            }

            double alpha = rr / curvature;             // alpha = r^T r / p^T A p
            for (int i = 0; i < n; i++)
            {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
            }

            double next = Dot(r, r);
            double beta = next / rr;                   // beta = r_new^T r_new / r^T r
            for (int i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
            rr = next;
        }

        return new Solution(x, products, Math.Sqrt(rr) / bNorm, false);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
