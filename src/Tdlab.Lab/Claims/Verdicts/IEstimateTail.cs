namespace Tdlab.Lab.Claims;

/// <summary>The one-sided p-values behind an <see cref="Estimate"/>; one implementation per interval method.</summary>
internal interface IEstimateTail
{
    /// <summary>p for H0: true value &lt;= threshold (small: evidence it is above).</summary>
    double NotAbove(double threshold);

    /// <summary>p for H0: true value &gt;= threshold (small: evidence it is below).</summary>
    double NotBelow(double threshold);
}
