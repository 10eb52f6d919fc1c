namespace Tdlab.Probes;

/// <summary>
/// Exact hard-margin linear SVM without bias (put a constant feature in x for an affine boundary), the
/// max-margin direction that gradient descent on separable data converges to (Soudry et al. 2018; seed 002).
/// Dual: max_{alpha &gt;= 0} sum_i alpha_i - ||sum_i alpha_i z_i||^2 / 2 with z_i = y_i x_i.
/// Solved by dual coordinate ascent (Hsieh et al. 2008 with C = infinity:
/// alpha_i &lt;- max(0, alpha_i - (z_i . w - 1) / ||z_i||^2)) and then polished by an active-set step: on the
/// support set S the constraints are equalities, K_SS alpha_S = 1 with K = Z Z^T, solved exactly; the
/// result is accepted once every KKT condition holds to the tolerance.
/// Cost: O(n d) per sweep, O(|S|^3 + n d) per polish.
/// </summary>
public static class MaxMargin
{
    /// <summary>
    /// Solves for rows x (n, d) with labels y in {-1, +1}. Throws ArgumentException for bad shapes or labels and
    /// InvalidOperationException when the data are not linearly separable through the origin (||w|| diverges)
    /// or the tolerance is not reached within <paramref name="maxSweeps"/>.
    /// </summary>
    public static MaxMarginSolution Solve(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int d, double tolerance = 1e-9, int maxSweeps = 1_000_000)
    {
        int n = y.Length;
        if (d <= 0 || x.Length != n * d || n == 0)
            throw new ArgumentException($"MaxMargin.Solve: x has {x.Length} values for n={n} labels and d={d}");
        var z = new double[n * d];
        var sq = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (y[i] is not (1.0 or -1.0)) throw new ArgumentException($"MaxMargin.Solve: label {y[i]} at row {i} is not +-1");
            for (int k = 0; k < d; k++) z[i * d + k] = y[i] * x[i * d + k];
            sq[i] = Margins.Dot(z.AsSpan(i * d, d), z.AsSpan(i * d, d));
            if (sq[i] == 0) throw new InvalidOperationException($"MaxMargin.Solve: row {i} is zero, the data are not separable through the origin");
        }

        var alpha = new double[n];
        var w = new double[d];
        int sweeps = 0;
        for (int chunk = 16; sweeps < maxSweeps; chunk = Math.Min(chunk * 2, 4096))
        {
            for (int s = 0; s < chunk && sweeps < maxSweeps; s++, sweeps++)
                Sweep(z, sq, alpha, w, d);
            if (Margins.Dot(w, w) > 1e24)
                throw new InvalidOperationException("MaxMargin.Solve: ||w|| diverges, the data are not linearly separable through the origin");
            if (Kkt(z, alpha, w, d) <= tolerance) return Result(z, alpha, d, sweeps);
            var polished = Polish(z, alpha, d);
            if (polished is not null && Kkt(z, polished, WeightOf(z, polished, d), d) <= tolerance)
                return Result(z, polished, d, sweeps);
        }

        throw new InvalidOperationException($"MaxMargin.Solve: KKT tolerance {tolerance} not reached in {maxSweeps} sweeps");
    }

    /// <summary>One pass of exact coordinate maximisation over i = 0..n-1, keeping w = sum alpha_i z_i.</summary>
    private static void Sweep(double[] z, double[] sq, double[] alpha, double[] w, int d)
    {
        for (int i = 0; i < alpha.Length; i++)
        {
            var zi = z.AsSpan(i * d, d);
            double next = Math.Max(0, alpha[i] - (Margins.Dot(zi, w) - 1) / sq[i]);
            double delta = next - alpha[i];
            if (delta == 0) continue;
            alpha[i] = next;
            for (int k = 0; k < d; k++) w[k] += delta * zi[k];
        }
    }

    /// <summary>Active-set step: alpha_S solving K_SS alpha_S = 1 on S = {alpha_i &gt; 0}, or null if singular or infeasible.</summary>
    private static double[]? Polish(double[] z, double[] alpha, int d)
    {
        double top = alpha.Max();
        var support = Enumerable.Range(0, alpha.Length).Where(i => alpha[i] > 1e-12 * top).ToArray();
        int s = support.Length;
        if (s == 0 || s > d) return null;
        var k = new double[s * s];
        for (int a = 0; a < s; a++)
            for (int b = 0; b < s; b++)
                k[a * s + b] = Margins.Dot(z.AsSpan(support[a] * d, d), z.AsSpan(support[b] * d, d));
        var rhs = Enumerable.Repeat(1.0, s).ToArray();
        if (!SolveInPlace(k, rhs, s)) return null;
        if (rhs.Any(v => !(v >= 0))) return null;
        var result = new double[alpha.Length];
        for (int a = 0; a < s; a++) result[support[a]] = rhs[a];
        return result;
    }

    /// <summary>Gaussian elimination with partial pivoting, a (s, s) row-major; b becomes the solution. False if singular.</summary>
    private static bool SolveInPlace(double[] a, double[] b, int s)
    {
        double scale = a.Max(Math.Abs);
        for (int col = 0; col < s; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < s; r++)
                if (Math.Abs(a[r * s + col]) > Math.Abs(a[pivot * s + col])) pivot = r;
            if (Math.Abs(a[pivot * s + col]) <= 1e-13 * scale) return false;
            if (pivot != col)
            {
                for (int c = 0; c < s; c++) (a[col * s + c], a[pivot * s + c]) = (a[pivot * s + c], a[col * s + c]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }

            for (int r = col + 1; r < s; r++)
            {
                double f = a[r * s + col] / a[col * s + col];
                for (int c = col; c < s; c++) a[r * s + c] -= f * a[col * s + c];
                b[r] -= f * b[col];
            }
        }

        for (int r = s - 1; r >= 0; r--)
        {
            double v = b[r];
            for (int c = r + 1; c < s; c++) v -= a[r * s + c] * b[c];
            b[r] = v / a[r * s + r];
        }

        return true;
    }

    private static double[] WeightOf(double[] z, double[] alpha, int d)
    {
        var w = new double[d];
        for (int i = 0; i < alpha.Length; i++)
            for (int k = 0; k < d; k++) w[k] += alpha[i] * z[i * d + k];
        return w;
    }

    /// <summary>max_i max((1 - z_i.w)_+, |alpha_i (z_i.w - 1)|).</summary>
    private static double Kkt(double[] z, double[] alpha, double[] w, int d)
    {
        double worst = 0;
        for (int i = 0; i < alpha.Length; i++)
        {
            double slack = Margins.Dot(z.AsSpan(i * d, d), w) - 1;
            worst = Math.Max(worst, Math.Max(-slack, Math.Abs(alpha[i] * slack)));
        }

        return worst;
    }

    private static MaxMarginSolution Result(double[] z, double[] alpha, int d, int sweeps)
    {
        var w = WeightOf(z, alpha, d);
        double norm = Math.Sqrt(Margins.Dot(w, w));
        var support = Enumerable.Range(0, alpha.Length).Where(i => alpha[i] > 0).ToArray();
        return new MaxMarginSolution(w, w.Select(v => v / norm).ToArray(), 1 / norm, alpha, support, Kkt(z, alpha, w, d), sweeps);
    }
}
