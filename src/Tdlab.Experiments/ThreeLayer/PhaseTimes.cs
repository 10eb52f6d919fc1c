namespace Tdlab.Experiments.ThreeLayer;

/// <summary>
/// The phases of one successful run (seed 003, section 4.3), read from its logged series: <see cref="CosTime"/>, the
/// first step with |CosSim| &gt;= <see cref="Aligned"/>; <see cref="NtkTime"/>, the first step at which the relative NTK
/// change reaches <see cref="Saturated"/> of its final value; <see cref="Lag"/> = (NtkTime - CosTime) / max(CosTime, one
/// log interval); <see cref="LossFractionAtCos"/>, the share of the run's whole fall in log validation loss that has
/// happened by CosTime; <see cref="NtkChangeAtCos"/>, the relative NTK change at CosTime; <see cref="EigenShift"/>, the
/// |difference| in decades between the mean log10 lambda_min over [CosTime / 2, CosTime) and over (CosTime, 3 CosTime / 2].
/// NaN where the run never aligns.
/// </summary>
public sealed record PhaseTimes(double CosTime, double NtkTime, double Lag, double LossFractionAtCos, double NtkChangeAtCos, double EigenShift)
{
    /// <summary>|CosSim| at which w counts as learnt.</summary>
    public const double Aligned = 0.99;

    /// <summary>Fraction of its final value at which the NTK change counts as saturated.</summary>
    public const double Saturated = 0.9;

    public static PhaseTimes Of((int Step, double Value)[] cos, (int Step, double Value)[] ntk, (int Step, double Value)[] loss,
        (int Step, double Value)[] minEigenvalue, int logEvery)
    {
        int tCos = cos.Where(p => p.Value >= Aligned).Select(p => p.Step).DefaultIfEmpty(-1).First();
        if (tCos < 0 || ntk.Length == 0 || loss.Length < 2) return new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double final = ntk[^1].Value;
        int tNtk = ntk.First(p => p.Value >= Saturated * final).Step;
        double l0 = Math.Log10(loss[0].Value), lEnd = Math.Log10(loss[^1].Value);
        double lCos = Math.Log10(loss.Last(p => p.Step <= tCos).Value);
        double ntkAtCos = ntk.Last(p => p.Step <= tCos).Value;
        double before = MeanLog(minEigenvalue.Where(p => p.Step >= tCos / 2.0 && p.Step < tCos));
        double after = MeanLog(minEigenvalue.Where(p => p.Step > tCos && p.Step <= 1.5 * tCos));
        return new(tCos, tNtk, (tNtk - tCos) / (double)Math.Max(tCos, logEvery), (l0 - lCos) / (l0 - lEnd), ntkAtCos, Math.Abs(after - before));
    }

    /// <summary>Mean log10 |value| over the points (NaN if none); |.| because a rounding-level eigenvalue can come out negative.</summary>
    private static double MeanLog(IEnumerable<(int Step, double Value)> points) =>
        points.Select(p => Math.Log10(Math.Abs(p.Value))).DefaultIfEmpty(double.NaN).Average();
}
