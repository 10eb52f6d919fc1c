namespace Tdlab.Lab.Claims;

/// <summary>
/// Mean and sample standard deviation (n - 1 denominator; 0 for one value) of the finite values of a
/// sample; <see cref="Count"/> of them were finite out of <see cref="Total"/>. Mean is NaN when none is.
/// </summary>
public readonly record struct MeanStd(double Mean, double Std, int Count, int Total)
{
    public static MeanStd Of(IEnumerable<double> values)
    {
        int total = 0;
        var finite = new List<double>();
        foreach (double v in values)
        {
            total++;
            if (double.IsFinite(v))
                finite.Add(v);
        }

        if (finite.Count == 0)
            return new MeanStd(double.NaN, double.NaN, 0, total);
        double mean = finite.Average();
        double ss = finite.Sum(v => (v - mean) * (v - mean));
        double std = finite.Count > 1 ? Math.Sqrt(ss / (finite.Count - 1)) : 0.0;
        return new MeanStd(mean, std, finite.Count, total);
    }

    public override string ToString() => $"{Claim.Format(Mean)} ± {Claim.Format(Std)} (n={Count}/{Total})";
}
