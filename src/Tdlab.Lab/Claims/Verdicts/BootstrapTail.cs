namespace Tdlab.Lab.Claims;

/// <summary>
/// Bootstrap p-values from the sorted finite bootstrap statistics s_1..s_B: p(not above t) =
/// (#{s_b &lt;= t} + 1) / (B + 1) and p(not below t) = (#{s_b &gt;= t} + 1) / (B + 1), the fraction on the wrong
/// side with the +1 that keeps a Monte Carlo p-value valid (Davison &amp; Hinkley 1997, eq. 4.11).
/// </summary>
internal sealed class BootstrapTail(double[] sorted) : IEstimateTail
{
    public double NotAbove(double threshold) => (AtMost(threshold) + 1.0) / (sorted.Length + 1.0);

    public double NotBelow(double threshold) => (sorted.Length - LessThan(threshold) + 1.0) / (sorted.Length + 1.0);

    /// <summary>Linear-interpolation quantile of the sorted statistics (Hyndman &amp; Fan 1996, type 7): h = (B - 1) q.</summary>
    public double Quantile(double q)
    {
        double h = (sorted.Length - 1) * q;
        int i = (int)Math.Floor(h);
        return i + 1 < sorted.Length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[^1];
    }

    private int AtMost(double t) => FirstIndex(x => x > t);

    private int LessThan(double t) => FirstIndex(x => x >= t);

    /// <summary>First index whose value satisfies a predicate monotone over the sorted array (its length if none).</summary>
    private int FirstIndex(Func<double, bool> past)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (past(sorted[mid])) hi = mid;
            else lo = mid + 1;
        }

        return lo;
    }
}
