using Tdlab.Experiments.Common;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>
/// How fast the margin gap gamma* - gamma(w_t) closes, from log-spaced checkpoints (t, gap_t, ||w_t||).
/// <para>
/// Soudry et al. (2018, Thm 3): GD with a constant step on separable data and an exponentially tailed loss
/// gives w_t = w^ ln t + rho(t) with rho bounded (almost every data set), w^ the SVM solution with unit functional
/// margin, ||w^|| = 1 / gamma*. Hence the clock tau_t = gamma* ||w_t|| = ln t + O(1) and gap = C / tau_t + O(tau_t^-2).
/// The O(1) offset b_t = ln t - tau_t is of the order of ln(n / eta) and more (about 6 for n = 100, eta = 1): over any
/// affordable range of ln t it is not small, and a log-log fit of the gap against ln t reads
/// d ln gap / d ln ln t = ln t / (ln t - b) instead of 1. Fitting against the measured clock tau_t removes the offset
/// without a fitted parameter (a 3-parameter fit c (ln t + b)^-p is ill-conditioned over one or two decades of t).
/// </para>
/// </summary>
/// <param name="Exponent">p of gap ~ tau^-p, tau = gamma* ||w_t||, least squares in log-log (the claim's estimator; theory: 1).</param>
/// <param name="LnTExponent">p of gap ~ (ln t)^-p over the same checkpoints (biased by the offset).</param>
/// <param name="InverseGapRSquared">R^2 of the straight line 1/gap = a + s ln t over the same checkpoints (1 when gap = c / (ln t + b)).</param>
/// <param name="Offset">b_T = ln T - gamma* ||w_T|| at the last checkpoint.</param>
/// <param name="Points">Checkpoints used.</param>
public sealed record MarginGapRate(double Exponent, double LnTExponent, double InverseGapRSquared, double Offset, int Points)
{
    /// <summary>
    /// The clock of the seed's Theorem 15.1 (Telgarsky 2021): tau(t) = ln t + ln(2 n gamma*^2) - ln ln(2 t n e gamma*^2), the denominator of its bound
    /// gamma(w_t) >= gamma* - ln n / tau(t). NaN where 2 t n e gamma*^2 &lt;= 1 (the iterated log is undefined).
    /// </summary>
    public static double TelgarskyClock(double t, int n, double maxMargin)
    {
        double inner = 2 * t * n * Math.E * maxMargin * maxMargin;
        return inner > 1 ? Math.Log(t) + Math.Log(2 * n * maxMargin * maxMargin) - Math.Log(Math.Log(inner)) : double.NaN;
    }

    /// <summary>The seed's lower bound gamma* - ln n / tau(t) on the (smooth) margin; NaN where tau(t) &lt;= 0 (no bound). Vacuous where it is &lt;= 0.</summary>
    public static double TelgarskyBound(double t, int n, double maxMargin)
    {
        double clock = TelgarskyClock(t, n, maxMargin);
        return clock > 0 ? maxMargin - Math.Log(n) / clock : double.NaN;
    }

    /// <summary>
    /// p of gap ~ clock(t)^-p, least squares in log-log over the checkpoints t &gt;= max(2, T^<see cref="FitFrom"/>) with gap &gt; 0 and clock &gt; 0
    /// (NaN with fewer than 3 such checkpoints).
    /// </summary>
    public static double ExponentAgainst(IEnumerable<(int Step, double Gap)> checkpoints, Func<int, double> clock)
    {
        var all = checkpoints.Where(c => c.Step >= 1).OrderBy(c => c.Step).ToList();
        if (all.Count == 0) return double.NaN;
        int last = all[^1].Step;
        var late = all.Where(c => c.Step >= Math.Max(2, Math.Pow(last, FitFrom)) && c.Gap > 0 && clock(c.Step) > 0).ToList();
        return late.Count < 3 ? double.NaN : -PowerLawFit.Fit(late.Select(c => (clock(c.Step), c.Gap))).Exponent;
    }

    /// <summary>The fit uses checkpoints t >= T^FitFrom (the last quarter of the decades of t): the asymptotic part.</summary>
    public const double FitFrom = 0.75;

    /// <summary>
    /// The rate over the checkpoints t &gt;= max(2, T^<see cref="FitFrom"/>) with gap &gt; 0, T the last checkpoint.
    /// <paramref name="checkpoints"/>: (step t, gap gamma* - gamma(w_t), ||w_t||); <paramref name="maxMargin"/>: gamma*.
    /// </summary>
    public static MarginGapRate Of(IEnumerable<(int Step, double Gap, double Norm)> checkpoints, double maxMargin)
    {
        var all = checkpoints.Where(c => c.Step >= 1).OrderBy(c => c.Step).ToList();
        if (all.Count == 0 || !(maxMargin > 0)) return new(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        int last = all[^1].Step;
        var late = all.Where(c => c.Step >= Math.Max(2, Math.Pow(last, FitFrom)) && c.Gap > 0 && c.Norm > 0).ToList();
        double clock = -PowerLawFit.Fit(late.Select(c => (maxMargin * c.Norm, c.Gap))).Exponent;
        double lnT = -PowerLawFit.Fit(late.Select(c => (Math.Log(c.Step), c.Gap))).Exponent;
        double r2 = PowerLawFit.Line(late.Select(c => (Math.Log(c.Step), 1 / c.Gap))).RSquared;
        return new(clock, lnT, r2, Math.Log(last) - maxMargin * all[^1].Norm, late.Count);
    }
}
