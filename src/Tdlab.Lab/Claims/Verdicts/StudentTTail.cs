using MathNet.Numerics.Distributions;

namespace Tdlab.Lab.Claims;

/// <summary>
/// One-sided t tests of a mean m with standard error se on df degrees of freedom: with T = (m - t) / se,
/// p(not above t) = P(T_df &gt;= T) = F_df(-T) and p(not below t) = F_df(T) (Student 1908). These agree with the
/// interval m +- t_{df, 0.975} se: its low end exceeds t exactly when p(not above t) &lt; 0.025. With se = 0 the
/// p-value is 0 or 1 according to the side m lies on (an interval of width 0).
/// </summary>
internal sealed class StudentTTail(double mean, double standardError, int df) : IEstimateTail
{
    public double NotAbove(double threshold) => standardError > 0
        ? StudentT.CDF(0, 1, df, -(mean - threshold) / standardError)
        : mean > threshold ? 0.0 : 1.0;

    public double NotBelow(double threshold) => standardError > 0
        ? StudentT.CDF(0, 1, df, (mean - threshold) / standardError)
        : mean < threshold ? 0.0 : 1.0;
}
