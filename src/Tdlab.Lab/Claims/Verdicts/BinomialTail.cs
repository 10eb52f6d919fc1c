using MathNet.Numerics;

namespace Tdlab.Lab.Claims;

/// <summary>
/// Exact binomial tails for k successes in n trials, through the regularised incomplete beta function I:
/// p(not above t) = P(X &gt;= k | p = t) = I_t(k, n - k + 1), p(not below t) = P(X &lt;= k | p = t) =
/// I_{1-t}(n - k, k + 1). They are the tails the Clopper-Pearson interval inverts (Clopper &amp; Pearson 1934),
/// so its low end exceeds t exactly when p(not above t) &lt; 0.025. Thresholds outside [0, 1] are decided
/// outright (a proportion cannot lie there).
/// </summary>
internal sealed class BinomialTail(int successes, int trials) : IEstimateTail
{
    public double NotAbove(double threshold)
    {
        if (threshold < 0) return 0.0;
        if (threshold >= 1) return 1.0;
        if (successes == 0) return 1.0;
        return SpecialFunctions.BetaRegularized(successes, trials - successes + 1, threshold);
    }

    public double NotBelow(double threshold)
    {
        if (threshold > 1) return 0.0;
        if (threshold <= 0) return 1.0;
        if (successes == trials) return 1.0;
        return SpecialFunctions.BetaRegularized(trials - successes, successes + 1, 1 - threshold);
    }
}
