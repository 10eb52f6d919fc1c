namespace Tdlab.Lab.Claims;

/// <summary>
/// Holm's step-down procedure (Holm 1979): sort the k p-values ascending, p_(1) &lt;= ... &lt;= p_(k); reject
/// H_(1), ..., H_(j) for the largest j with p_(i) &lt; alpha / (k - i + 1) for every i &lt;= j, and stop at the first
/// i where it fails. Controls the family-wise error rate at alpha under any dependence. The comparison is
/// strict, as in <see cref="VerdictRule.Decide"/> (interval strictly past the threshold); a NaN p-value counts as 1.
/// </summary>
public static class Holm
{
    /// <summary>Which hypotheses are rejected at family-wise level alpha, in input order.</summary>
    public static bool[] Reject(IReadOnlyList<double> pValues, double alpha)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int k = pValues.Count;
        int[] order = [.. Enumerable.Range(0, k).OrderBy(i => P(pValues[i])).ThenBy(i => i)];
        var rejected = new bool[k];
        for (int step = 0; step < k; step++)
        {
            int i = order[step];
            if (!(P(pValues[i]) < alpha / (k - step)))
                break;
            rejected[i] = true;
        }

        return rejected;
    }

    private static double P(double p) => double.IsNaN(p) ? 1.0 : p;
}
