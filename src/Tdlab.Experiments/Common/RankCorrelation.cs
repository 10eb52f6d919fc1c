namespace Tdlab.Experiments.Common;

/// <summary>Correlations of two paired series: Spearman's rank correlation (ties get their mean rank) and Pearson's.</summary>
public static class RankCorrelation
{
    /// <summary>The Pearson correlation of the ranks; NaN with fewer than 3 pairs, unequal lengths or a constant series.</summary>
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
        a.Count < 3 || a.Count != b.Count ? double.NaN : Pearson(Ranks(a), Ranks(b));

    /// <summary>
    /// Pearson's correlation sum (a - mean a)(b - mean b) / sqrt(sum (a - mean a)^2 sum (b - mean b)^2); NaN with fewer than 3
    /// pairs, unequal lengths, a constant series or a value that is not finite.
    /// </summary>
    public static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 3 || a.Count != b.Count || a.Concat(b).Any(v => !double.IsFinite(v))) return double.NaN;
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }

    /// <summary>0-based ranks, ties sharing their mean rank.</summary>
    public static double[] Ranks(IReadOnlyList<double> v)
    {
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Count];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            for (int k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }

        return ranks;
    }
}
